package dev.baton.drill.invariants;

import dev.baton.domain.RegionHealth;
import dev.baton.domain.Timings;
import dev.baton.drill.scenario.DrillAction;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.scenario.TimelineEntry;
import dev.baton.drill.timeline.DrillEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Baton's invariants, checked on a run's events as they happen ({@link #accept}) and at its end
 * ({@link #finish}). Both runners produce the same events, so a drill and a simulation are judged
 * alike; the simulator calls {@link #accept} after every step and stops at the first violation.
 *
 * <ul>
 *   <li>{@code single-active}: at no instant do running agents of two regions report active.
 *   <li>{@code split-brain}: two regions are never active at once for longer than a hand-over can
 *       explain ({@link #handoverBound}): beyond it, an old region is not merely late to read the
 *       new baton, it cannot read it (a stalled replica, a partition).
 *   <li>{@code epochs-increase}: the baton's epoch never goes down.
 *   <li>{@code promote-only-healthy}: the baton moves only to a HEALTHY region, unless an operator
 *       forced it.
 *   <li>{@code no-automatic-failback}: Baton asks on its own only to leave an active region that is
 *       not HEALTHY, never to fail back.
 *   <li>{@code traffic-follows-baton}: a router is moved only to the region holding the baton (a
 *       move to another region is a saga acting under a stale epoch).
 *   <li>{@code promotion-ends}: no promotion is left RUNNING at the end.
 *   <li>{@code superseded-by-newer-epoch}: a promotion ends SUPERSEDED only when a newer epoch
 *       really holds the baton.
 *   <li>{@code failover-liveness}: an active region down for longer than {@link #detectionBound} is
 *       failed over within it, when another region is up and nothing else is broken.
 *   <li>{@code blip-tolerance}: an outage of the active region shorter than {@link #blipTolerance}
 *       never makes Baton ask for a failover.
 *   <li>Both also hold for a region users cannot reach while its agents beat (an ingress cut,
 *       judged from outside), with {@link #outsideBound} and {@link #outsideBlipTolerance}.
 *   <li>{@code no-false-failover}: Baton asks on its own to leave a region only when it was down or
 *       unreachable shortly before, unless another fault disturbed the world.
 * </ul>
 */
public final class InvariantChecker {
  private final Scenario scenario;
  private final FaultSchedule schedule;
  private final Duration detectionBound;
  private final Duration blipTolerance;
  private final Duration outsideBound;
  private final Duration outsideBlipTolerance;
  private final Map<String, String> roles = new HashMap<>();
  private final Map<String, String> regionOf = new HashMap<>();
  private final Map<String, RegionHealth> health = new HashMap<>();
  private final Map<String, DrillEvent.PromotionEnded> promotions = new LinkedHashMap<>();
  private final List<DrillEvent.PromotionRequested> requests = new ArrayList<>();
  private final List<DrillEvent.BatonChanged> handOvers = new ArrayList<>();
  private final List<DrillEvent.RegionHealthChanged> healthHistory = new ArrayList<>();
  private final List<DrillEvent.BatonChanged> batonHistory = new ArrayList<>();
  private final List<Violation> violations = new ArrayList<>();
  private boolean dualActive;
  private Duration dualSince;
  private final Duration handoverBound;
  private String holder;
  private long epoch;

  public InvariantChecker(Scenario scenario) {
    this.scenario = scenario;
    this.schedule = FaultSchedule.of(scenario);
    this.detectionBound = detectionBound(scenario);
    this.blipTolerance = blipTolerance(scenario);
    this.outsideBound = outsideBound(scenario);
    this.outsideBlipTolerance = outsideBlipTolerance(scenario);
    this.handoverBound = handoverBound(scenario);
    this.holder = scenario.initialActiveRegion();
    scenario.regions().forEach(r -> health.put(r.name(), RegionHealth.HEALTHY));
  }

  /**
   * The README's worst case from an active region's failure to the baton moving, for its slowest
   * kind (silent instances, docs/decisions/0020): failAfter + 1.5 x heartbeatInterval + the agents'
   * jitter + the stream's delay (replication to home, the batching window, a poll) + one second for
   * the claim.
   */
  public static Duration detectionBound(Scenario s) {
    Timings t = s.timings();
    return t.worstCaseDetection()
        .plus(agentJitter(s))
        .plus(streamDelay(s))
        .plus(Duration.ofSeconds(1));
  }

  /**
   * The longest outage of the active region that can never fail it over ({@link
   * Timings#blipTolerance}, docs/decisions/0020): the outage counts from the middle of the beat gap
   * it began in (at most half an interval plus the jitter before it), and ends when the first up
   * beat, at most a fast beat after the app answers again, has crossed the stream: failAfter -
   * heartbeatInterval / 2 - jitter - fastBeat - stream delay (about 10 s at the defaults).
   */
  public static Duration blipTolerance(Scenario s) {
    return s.timings().blipTolerance(agentJitter(s), streamDelay(s));
  }

  /**
   * The README's bound for a region users cannot reach while its agents beat HEALTHY, from the cut
   * to the baton moving ({@link Timings#outsideDetection}: failAfter + 2 x heartbeatInterval + 5
   * s), plus the agents' jitter.
   */
  public static Duration outsideBound(Scenario s) {
    return s.timings().outsideDetection().plus(agentJitter(s));
  }

  /**
   * The longest ingress cut that can never fail a region over: counted from the middle of the probe
   * gap it began in (half an interval plus jitter before the first failed probe), it ends once a
   * perspective's next probe (at most an interval later) has crossed the stream: failAfter - 1.5 x
   * heartbeatInterval - jitter - stream delay.
   */
  public static Duration outsideBlipTolerance(Scenario s) {
    Timings t = s.timings();
    return t.failAfter()
        .minus(t.heartbeatInterval().multipliedBy(3).dividedBy(2))
        .minus(agentJitter(s))
        .minus(streamDelay(s));
  }

  /** Both runners' agents jitter their beats by 5 % of the interval. */
  static Duration agentJitter(Scenario s) {
    return s.timings().heartbeatInterval().dividedBy(20);
  }

  /**
   * The longest two regions can both be active on today's protocol when nothing is broken: the old
   * region reads the new baton at its next beat (a heartbeat interval plus jitter), after the claim
   * replicated to its replica (the slowest copy, twice: out of home and into the old region's
   * replica), plus a second for the beat itself.
   */
  public static Duration handoverBound(Scenario s) {
    Duration replication =
        s.aws().replicated() ? s.aws().maxDelay().multipliedBy(2) : Duration.ZERO;
    return s.timings()
        .heartbeatInterval()
        .multipliedBy(21)
        .dividedBy(10)
        .plus(replication)
        .plus(Duration.ofSeconds(1));
  }

  /** Replication to home (the slowest copy), the batching window (scaled) and a poll. */
  static Duration streamDelay(Scenario s) {
    Duration replication = s.aws().replicated() ? s.aws().maxDelay() : Duration.ZERO;
    long windowMillis = Math.round(1000 * s.scale());
    return replication.plus(Duration.ofMillis(windowMillis)).plus(Duration.ofMillis(250));
  }

  /** The violations found so far, in order. */
  public List<Violation> violations() {
    return List.copyOf(violations);
  }

  /**
   * Checks one event (events in time order).
   *
   * @return the violations it revealed (empty when none)
   */
  public List<Violation> accept(DrillEvent event) {
    int before = violations.size();
    if (event instanceof DrillEvent.AgentRoleChanged e) {
      roles.put(e.instanceId(), e.to());
      regionOf.put(e.instanceId(), e.region());
      Set<String> active = activeRegions();
      if (active.size() > 1 && !dualActive) {
        violate("single-active", e.at(), "agents of " + active + " report active at once");
        dualSince = e.at();
      }
      if (active.size() <= 1 && dualActive) {
        checkSplitBrain(e.at());
      }
      dualActive = active.size() > 1;
    } else if (event instanceof DrillEvent.RegionHealthChanged e) {
      health.put(e.region(), e.to());
      healthHistory.add(e);
    } else if (event instanceof DrillEvent.PromotionRequested e) {
      requests.add(e);
      if (e.automatic()) {
        // Its health when the request was made: a request is seen late when its audit record was
        // written late (seed 620003717: a throttled sweeper's, after the region had recovered).
        RegionHealth from = e.from() == null ? null : healthAt(e.from(), e.at());
        if (e.action().equalsIgnoreCase("failback")
            || (from == RegionHealth.HEALTHY && e.action().equalsIgnoreCase("failover"))) {
          violate(
              "no-automatic-failback",
              e.at(),
              e.requestedBy()
                  + " asked to "
                  + e.action()
                  + " away from "
                  + e.from()
                  + " while it was "
                  + from);
        }
      }
    } else if (event instanceof DrillEvent.BatonChanged e) {
      batonHistory.add(e);
      if (e.epoch() < epoch) {
        violate("epochs-increase", e.at(), "epoch went from " + epoch + " to " + e.epoch());
      }
      if (!e.activeRegion().equals(holder) && e.epoch() > epoch) {
        RegionHealth target = health.get(e.activeRegion());
        if (target != RegionHealth.HEALTHY && !forcedTo(e.activeRegion(), e.at())) {
          violate(
              "promote-only-healthy",
              e.at(),
              e.activeRegion() + " took the baton (epoch " + e.epoch() + ") while " + target);
        }
        handOvers.add(e);
      }
      holder = e.activeRegion();
      epoch = Math.max(epoch, e.epoch());
    } else if (event instanceof DrillEvent.RouterTargetChanged e) {
      if (e.from() != null && e.to() != null && !e.to().equals(holder)) {
        violate(
            "traffic-follows-baton",
            e.at(),
            e.router()
                + " moved to "
                + e.to()
                + " while "
                + holder
                + " holds the baton at epoch "
                + epoch);
      }
    } else if (event instanceof DrillEvent.PromotionEnded e) {
      promotions.put(e.promotionId(), e);
    }
    return List.copyOf(violations.subList(before, violations.size()));
  }

  /**
   * The end-of-run invariants: every promotion ended properly, every long outage was failed over,
   * no blip was.
   *
   * @return every violation of the run (including those {@link #accept} found)
   */
  public List<Violation> finish(Duration end) {
    if (dualActive) {
      checkSplitBrain(end);
      dualActive = false;
    }
    for (DrillEvent.PromotionEnded p : promotions.values()) {
      String status = p.status().toUpperCase(java.util.Locale.ROOT);
      if (status.equals("SUPERSEDED") && epoch <= p.epoch()) {
        violate(
            "superseded-by-newer-epoch",
            p.at(),
            p.promotionId()
                + " ended SUPERSEDED but no newer epoch holds the baton (epoch "
                + epoch
                + ")");
      } else if (status.equals("RUNNING")) {
        violate("promotion-ends", end, p.promotionId() + " never ended");
      }
    }
    checkOutages(end);
    return violations();
  }

  private void checkOutages(Duration end) {
    for (ScenarioRegion region : scenario.regions()) {
      for (FaultSchedule.Interval outage : schedule.down(region.name())) {
        checkOutage(region.name(), outage, detectionBound, blipTolerance, "down", end);
      }
      for (FaultSchedule.Interval outage : schedule.unreachable(region.name())) {
        checkOutage(
            region.name(),
            outage,
            outsideBound,
            outsideBlipTolerance,
            "unreachable from outside",
            end);
      }
    }
    checkFalseFailovers();
  }

  /**
   * {@code no-false-failover}: Baton asks on its own to leave a region only when it was down or
   * unreachable shortly before, unless another fault disturbed the world then: a cut egress (one
   * blind perspective) never fails anyone over. Shortly: within max(failAfter, recoverAfter) plus
   * the outside bound, the look-back of {@code failover-liveness}: a region that recovers from a
   * fault is RECOVERING for recoverAfter, and one down sample then makes it UNHEALTHY again.
   */
  private void checkFalseFailovers() {
    Duration window = recoveryWindow();
    for (DrillEvent.PromotionRequested r : requests) {
      if (!r.automatic() || r.from() == null) {
        continue;
      }
      Duration from = r.at().minus(window);
      if (from.compareTo(scenario.timings().startupGrace()) < 0
          || schedule.downDuring(
              r.from(), from.isNegative() ? Duration.ZERO : from, r.at().plusMillis(1))
          || schedule.disturbedDuring(from, r.at().plusMillis(1))
          || schedule.manualDuring(from, r.at())) {
        continue;
      }
      violate(
          "no-false-failover",
          r.at(),
          "Baton asked to fail "
              + r.from()
              + " over although it was neither down nor unreachable in the "
              + window.toMillis()
              + " ms before, and nothing else was broken");
    }
  }

  /**
   * How long a fault keeps a region exposed: max(failAfter, recoverAfter) plus the outside bound. A
   * region that comes back from a fault (or whose monitor or replica was cut off) is RECOVERING for
   * recoverAfter from its first up sample, which the outside bound covers, and one down sample then
   * makes it UNHEALTHY again: the hysteresis does not wait for a blip's tolerance there.
   */
  private Duration recoveryWindow() {
    Timings t = scenario.timings();
    Duration lookBack =
        t.failAfter().compareTo(t.recoverAfter()) > 0 ? t.failAfter() : t.recoverAfter();
    return lookBack.plus(outsideBound);
  }

  private void checkOutage(
      String regionName,
      FaultSchedule.Interval outage,
      Duration bound,
      Duration tolerance,
      String kind,
      Duration end) {
    Timings t = scenario.timings();
    String heldBy = holderAt(outage.from());
    if (!regionName.equals(heldBy)) {
      return;
    }
    Duration deadline = outage.from().plus(bound);
    Duration lookBack =
        t.failAfter().compareTo(t.recoverAfter()) > 0 ? t.failAfter() : t.recoverAfter();
    boolean clean =
        outage.from().compareTo(t.startupGrace()) >= 0
            && !schedule.disturbedDuring(outage.from().minus(lookBack), deadline)
            && !schedule.manualDuring(outage.from().minus(t.recoverAfter()), deadline)
            && !recentHandOver(outage.from())
            && automaticAt(outage.from())
            && healthyTargetExists(regionName, outage.from(), deadline);
    if (outage.length().compareTo(bound) > 0 && deadline.compareTo(end) <= 0 && clean) {
      boolean moved =
          handOvers.stream()
              .anyMatch(
                  h ->
                      h.at().compareTo(outage.from()) > 0
                          && h.at().compareTo(deadline) <= 0
                          && !h.activeRegion().equals(regionName));
      if (!moved) {
        violate(
            "failover-liveness",
            deadline,
            regionName
                + " was "
                + kind
                + " from "
                + outage.from().toMillis()
                + " ms and still held the baton "
                + bound.toMillis()
                + " ms later");
      }
    }
    // A blip is owed tolerance only in a settled world: nothing disturbed, and the region not
    // down or unreachable, within the recovery window before it (seeds 610000214, 610001994 and
    // 610002686: blips while the region was RECOVERING from an outage, a cut-off monitor or a
    // cut-off replica) or failAfter after it.
    Duration settled = recoveryWindow();
    if (!tolerance.isNegative()
        && outage.length().compareTo(tolerance) < 0
        && !schedule.disturbedDuring(outage.from().minus(settled), outage.to().plus(t.failAfter()))
        && !otherOutageNear(regionName, outage, settled)) {
      requests.stream()
          .filter(DrillEvent.PromotionRequested::automatic)
          .filter(r -> regionName.equals(r.from()))
          .filter(r -> r.at().compareTo(outage.from()) >= 0)
          .filter(r -> r.at().compareTo(outage.to().plus(bound)) <= 0)
          .filter(r -> !laterOutageBefore(regionName, outage, r.at()))
          .findFirst()
          .ifPresent(
              r ->
                  violate(
                      "blip-tolerance",
                      r.at(),
                      regionName
                          + " was "
                          + kind
                          + " only "
                          + outage.length().toMillis()
                          + " ms (tolerance "
                          + tolerance.toMillis()
                          + " ms) and Baton asked to fail it over"));
    }
  }

  private void checkSplitBrain(Duration until) {
    Duration length = until.minus(dualSince);
    if (length.compareTo(handoverBound) > 0) {
      violate(
          "split-brain",
          until,
          "two regions were active for "
              + length.toMillis()
              + " ms from "
              + dualSince.toMillis()
              + " ms, longer than a hand-over explains ("
              + handoverBound.toMillis()
              + " ms)");
    }
  }

  /**
   * Whether the region was down or unreachable again after the blip and before {@code at}: a
   * request then answers that outage, not the blip (seed 538339381: an 800 ms ingress cut, then the
   * app stopped 5.7 s later and was failed over, inside the blip's window of the outside bound).
   */
  private boolean laterOutageBefore(String region, FaultSchedule.Interval outage, Duration at) {
    return java.util.stream.Stream.concat(
            schedule.down(region).stream(), schedule.unreachable(region).stream())
        .filter(i -> !i.equals(outage))
        .anyMatch(i -> i.from().compareTo(outage.from()) >= 0 && i.from().compareTo(at) < 0);
  }

  private boolean otherOutageNear(String region, FaultSchedule.Interval outage, Duration before) {
    Duration after = scenario.timings().failAfter();
    return java.util.stream.Stream.concat(
            schedule.down(region).stream(), schedule.unreachable(region).stream())
        .filter(i -> !i.equals(outage))
        .anyMatch(i -> i.overlaps(outage.from().minus(before), outage.to().plus(after)));
  }

  private boolean recentHandOver(Duration at) {
    Duration gap = scenario.policy().minAutoPromotionGap().plus(scenario.policy().flapWindow());
    return handOvers.stream()
        .anyMatch(h -> h.at().compareTo(at) <= 0 && h.at().compareTo(at.minus(gap)) > 0);
  }

  /**
   * Whether another region was HEALTHY (as the monitor stored it) when the outage began and stayed
   * up until the deadline: a target Baton may promote into.
   */
  private boolean healthyTargetExists(String failed, Duration from, Duration to) {
    Duration since = from.minus(scenario.timings().recoverAfter());
    return scenario.regions().stream()
        .map(ScenarioRegion::name)
        .filter(r -> !r.equals(failed))
        .filter(r -> healthAt(r, from) == RegionHealth.HEALTHY)
        .anyMatch(r -> !schedule.downDuring(r, since.isNegative() ? Duration.ZERO : since, to));
  }

  /**
   * Whether the baton was in AUTO mode at {@code at}, as stored: an operator's freeze blocks
   * automatic failover (and an unfreeze the store refused leaves it frozen).
   */
  private boolean automaticAt(Duration at) {
    dev.baton.domain.BatonMode mode = dev.baton.domain.BatonMode.AUTO;
    for (DrillEvent.BatonChanged b : batonHistory) {
      if (b.at().compareTo(at) > 0) {
        break;
      }
      mode = b.mode();
    }
    return mode == dev.baton.domain.BatonMode.AUTO;
  }

  /**
   * The monitor's stored health of {@code region} at {@code at} (HEALTHY before any): the latest
   * change at or before it (changes may be seen out of order: each is placed when it was made).
   */
  private RegionHealth healthAt(String region, Duration at) {
    DrillEvent.RegionHealthChanged latest = null;
    for (DrillEvent.RegionHealthChanged c : healthHistory) {
      if (c.region().equals(region)
          && c.at().compareTo(at) <= 0
          && (latest == null || c.at().compareTo(latest.at()) >= 0)) {
        latest = c;
      }
    }
    return latest == null ? RegionHealth.HEALTHY : latest.to();
  }

  private String holderAt(Duration at) {
    String h = scenario.initialActiveRegion();
    for (DrillEvent.BatonChanged b : handOvers) {
      if (b.at().compareTo(at) <= 0) {
        h = b.activeRegion();
      }
    }
    return h;
  }

  /** Whether an operator forced a move to {@code region} at or before {@code at}. */
  private boolean forcedTo(String region, Duration at) {
    for (TimelineEntry entry : scenario.timeline()) {
      if (entry.at().compareTo(at) > 0) {
        break;
      }
      DrillAction a = entry.action();
      if ((a instanceof DrillAction.Failback f && f.force() && f.to().equals(region))
          || (a instanceof DrillAction.Switchover s && s.force() && s.to().equals(region))) {
        return true;
      }
    }
    return false;
  }

  private Set<String> activeRegions() {
    Set<String> active = new TreeSet<>();
    roles.forEach(
        (instance, role) -> {
          if ("active".equals(role)) {
            active.add(regionOf.get(instance));
          }
        });
    return active;
  }

  private void violate(String invariant, Duration at, String detail) {
    violations.add(new Violation(invariant, at, detail));
  }
}
