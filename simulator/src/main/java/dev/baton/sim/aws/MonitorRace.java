package dev.baton.sim.aws;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionConfig;
import dev.baton.port.BatonStore;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Watches the monitors of a three-region deployment race (issue 14): every claim a monitor wins,
 * every provider call it makes. Two promises are checked as they happen:
 *
 * <ul>
 *   <li>{@code one-claim-per-epoch}: no two claims ever win the same epoch;
 *   <li>{@code no-call-from-loser}: a monitor moves traffic (a router's shift; verifies are reads,
 *       which every monitor's readiness check makes) only while the baton's current epoch is one it
 *       claimed (or was claimed less than {@link #FENCE_RACE} ago, the window between a saga's
 *       fence read and its call), or for an operator's request it carries out. A monitor that lost
 *       every claim never calls.
 * </ul>
 */
public final class MonitorRace {
  /** The longest a provider call may follow the fence read that allowed it: one request timeout. */
  public static final Duration FENCE_RACE = Duration.ofMillis(2_500);

  /** A broken promise. */
  public record Breach(String invariant, Instant at, String detail) {}

  private record Claim(String monitor, long epoch, String promotionId, Instant at) {}

  private final Clock clock;
  private final Supplier<Optional<Baton>> current;
  private final Map<Long, Claim> claims = new HashMap<>();
  private final List<Breach> breaches = new ArrayList<>();
  private final Map<String, Integer> calls = new HashMap<>();

  /**
   * @param current the baton as the table holds it now (no faults apply: the simulation looks)
   */
  public MonitorRace(Clock clock, Supplier<Optional<Baton>> current) {
    this.clock = clock;
    this.current = current;
  }

  public List<Breach> breaches() {
    return List.copyOf(breaches);
  }

  /** Traffic moves (router shifts) made by each monitor region. */
  public Map<String, Integer> calls() {
    return Map.copyOf(calls);
  }

  /** The claims won, by epoch: which monitor region won each. */
  public Map<Long, String> winners() {
    Map<Long, String> out = new HashMap<>();
    claims.forEach((epoch, c) -> out.put(epoch, c.monitor()));
    return out;
  }

  /** {@code store} as {@code monitor} uses it, its winning claims recorded. */
  public BatonStore watch(String monitor, BatonStore store) {
    return new BatonStore() {
      @Override
      public Optional<Baton> read() {
        return store.read();
      }

      @Override
      public Baton initialize(Baton initial) {
        return store.initialize(initial);
      }

      @Override
      public ClaimOutcome claim(
          long expectedEpoch,
          String from,
          String to,
          String promotionId,
          boolean automatic,
          String reason,
          Instant now) {
        ClaimOutcome outcome =
            store.claim(expectedEpoch, from, to, promotionId, automatic, reason, now);
        if (outcome instanceof ClaimOutcome.Claimed claimed) {
          won(monitor, claimed.baton());
        }
        return outcome;
      }

      @Override
      public ClaimOutcome grant(long epoch, String promotionId, Instant now) {
        return store.grant(epoch, promotionId, now);
      }

      @Override
      public ClaimOutcome setMode(long expectedEpoch, BatonMode mode, String reason, Instant now) {
        ClaimOutcome outcome = store.setMode(expectedEpoch, mode, reason, now);
        if (outcome instanceof ClaimOutcome.Claimed claimed) {
          won(monitor, claimed.baton());
        }
        return outcome;
      }

      @Override
      public boolean publishFenceDeadline(Duration fenceDeadline) {
        return store.publishFenceDeadline(fenceDeadline);
      }

      @Override
      public boolean publishOutsideTargets(Map<String, String> healthUrls) {
        return store.publishOutsideTargets(healthUrls);
      }
    };
  }

  /** {@code router} as {@code monitor} calls it, every shift and verify checked. */
  public TrafficRouter watch(String monitor, TrafficRouter router) {
    return new TrafficRouter() {
      @Override
      public String name() {
        return router.name();
      }

      @Override
      public List<PlannedRequest> plan(RegionConfig to) {
        return router.plan(to);
      }

      @Override
      public String shift(RegionConfig to) {
        called(monitor, "shift " + router.name() + " to " + to.name());
        return router.shift(to);
      }

      @Override
      public String verify(RegionConfig to) {
        return router.verify(to);
      }

      @Override
      public List<ReadinessCheck.Problem> readiness(List<RegionConfig> regions) {
        return router.readiness(regions);
      }

      @Override
      public Duration longestAttempt() {
        return router.longestAttempt();
      }
    };
  }

  private void won(String monitor, Baton baton) {
    Claim claim = new Claim(monitor, baton.epoch(), baton.promotionId(), clock.instant());
    Claim before = claims.putIfAbsent(baton.epoch(), claim);
    if (before != null && !before.promotionId().equals(claim.promotionId())) {
      breaches.add(
          new Breach(
              "one-claim-per-epoch",
              claim.at(),
              "epoch "
                  + baton.epoch()
                  + " was claimed twice: by "
                  + before.monitor()
                  + " ("
                  + before.promotionId()
                  + ") and by "
                  + monitor
                  + " ("
                  + claim.promotionId()
                  + ")"));
    }
  }

  private final java.util.Set<String> operating = new java.util.HashSet<>();

  /**
   * Marks {@code monitor} as carrying out an operator's request (a resume or a reconcile acts for
   * the baton's holder, whoever claimed it) while {@code running}.
   */
  public void operatorRequest(String monitor, boolean running) {
    if (running) {
      operating.add(monitor);
    } else {
      operating.remove(monitor);
    }
  }

  private void called(String monitor, String what) {
    calls.merge(monitor, 1, Integer::sum);
    if (operating.contains(monitor)) {
      return;
    }
    Optional<Baton> baton = current.get();
    if (baton.isEmpty()) {
      return;
    }
    Claim holder = claims.get(baton.get().epoch());
    if (holder == null) {
      // An epoch no promotion claimed (the initial baton, or one placed by hand): a reconcile.
      return;
    }
    if (holder.monitor().equals(monitor)) {
      return;
    }
    Instant now = clock.instant();
    boolean raced = Duration.between(holder.at(), now).compareTo(FENCE_RACE) <= 0;
    boolean mine = claims.values().stream().anyMatch(c -> c.monitor().equals(monitor));
    if (!mine || !raced) {
      breaches.add(
          new Breach(
              "no-call-from-loser",
              now,
              monitor
                  + " called a provider ("
                  + what
                  + ") while epoch "
                  + baton.get().epoch()
                  + " belongs to "
                  + holder.monitor()
                  + "'s claim"
                  + (mine ? ", more than " + FENCE_RACE.toMillis() + " ms after it" : "")
                  + "; "
                  + monitor
                  + (mine ? " won an older claim" : " won no claim")));
    }
  }
}
