package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.HandoverGate;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.Timings;
import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import dev.baton.observability.MetricNames;
import dev.baton.port.BatonStore;
import dev.baton.port.BatonStore.ClaimOutcome;
import dev.baton.port.HeartbeatStore;
import dev.baton.port.Metrics;
import dev.baton.port.TrafficRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a journaled promotion (docs/architecture.md) from its first unfinished step: claim (the
 * fencing point), grant, then every router's branch at once (its shift, then its verify; {@link
 * RouterBranches}), then probe the target and notify. Every step is journaled before and after it
 * runs; every external step re-reads the baton first and stops, making no further call, once a
 * newer epoch holds it, and a branch that sees that stops the other branches before their next
 * call.
 */
public final class PromotionSaga {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionSaga.class);

  private final BatonStore batons;
  private final PromotionJournal journal;
  private final Map<String, TrafficRouter> routers;
  private final HealthProbe probe;
  private final Notifier notifier;
  private final Metrics metrics;
  private final Clock clock;
  private final StepAttempts attempts;
  private final Handover handover;
  private final Sleeper sleeper;
  private final RouterBranches branches;

  /** How often the grant step re-reads the beats while it waits. */
  static final Duration GRANT_POLL = Duration.ofMillis(500);

  /**
   * How long the grant step's reads may keep failing before the step fails (resumable, alarmed). A
   * time, not a count: a throttled read can fail at once or only after the SDK's own retries used
   * up its 10 s call timeout.
   */
  static final Duration GRANT_READ_FAILURES_FOR = Duration.ofSeconds(10);

  /**
   * What the grant step waits on: the latest beats of every region (read from the authority), and
   * the monitor's timings that bound an agent's lease.
   */
  public record Handover(HeartbeatStore heartbeats, List<String> regions, Timings timings) {
    public Handover {
      Objects.requireNonNull(heartbeats, "heartbeats");
      regions = List.copyOf(regions);
      Objects.requireNonNull(timings, "timings");
    }
  }

  public PromotionSaga(
      BatonStore batons,
      PromotionJournal journal,
      List<TrafficRouter> routers,
      HealthProbe probe,
      Notifier notifier,
      Metrics metrics,
      Handover handover,
      RetrySchedule schedule,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      RouterBranches branches) {
    this.batons = batons;
    this.journal = journal;
    this.routers = new LinkedHashMap<>();
    routers.forEach(r -> this.routers.put(r.name(), r));
    this.probe = probe;
    this.notifier = notifier;
    this.metrics = metrics;
    this.clock = clock;
    this.attempts = new StepAttempts(schedule, clock, sleeper, random);
    this.handover = Objects.requireNonNull(handover, "handover");
    this.sleeper = sleeper;
    this.branches = Objects.requireNonNull(branches, "branches");
  }

  /**
   * Runs every unfinished step of {@code promotion} (already journaled) towards {@code target}.
   *
   * @throws JournalConflict when another run of the same promotion wrote the journal meanwhile
   */
  public SagaOutcome run(PromotionRecord promotion, RegionConfig target, TimeBudget budget) {
    PromotionRecord current = promotion;
    boolean routed = false;
    for (StepRecord original : promotion.steps()) {
      if (!original.status().unfinished()) {
        continue;
      }
      StepRecord step = original.reopened();
      String name = step.name();
      StepResult result;
      if (name.equals(PromotionSteps.VALIDATE)) {
        // Validation ran when the promotion was created; a journal without it is repaired here.
        current = save(current.withStep(step.succeeded(current.decision(), now()), now()));
        continue;
      } else if (name.equals(PromotionSteps.CLAIM)) {
        result = claim(current, step);
      } else if (name.equals(PromotionSteps.GRANT)) {
        result = grant(current, step, budget);
      } else if (PromotionSteps.actsThroughRouter(name)) {
        if (routed) {
          continue;
        }
        // Every router's unfinished steps, at once: the first one found starts them all.
        routed = true;
        result = routers(current, target, budget);
      } else {
        result = external(current, step, target, budget);
      }
      current = result.promotion();
      if (result.outcome() != null) {
        return result.outcome();
      }
    }
    PromotionRecord done = save(current.withStatus(PromotionStatus.SUCCEEDED, now()));
    metrics.count(MetricNames.PROMOTION_SUCCEEDED);
    String reason =
        done.kind()
            + " "
            + done.id()
            + " succeeded: "
            + done.to()
            + " holds the baton at epoch "
            + done.epoch()
            + " and receives the traffic";
    LOG.info(reason);
    return new SagaOutcome.Completed(done, reason);
  }

  /** A step's result: the journaled promotion and, when the run must end, how it ended. */
  private record StepResult(PromotionRecord promotion, SagaOutcome outcome) {}

  private StepResult claim(PromotionRecord promotion, StepRecord step) {
    PromotionRecord current = save(promotion.withStep(step.attempt(now()), now()));
    StepRecord running = current.step(PromotionSteps.CLAIM).orElseThrow();
    ClaimOutcome outcome;
    try {
      outcome =
          batons.claim(
              current.expectedEpoch(),
              current.from(),
              current.to(),
              current.id(),
              current.automatic(),
              current.decision(),
              now());
    } catch (RuntimeException e) {
      // The store's client already retried; a claim that cannot be made is a failed step.
      return fail(current, running, "could not claim the baton: " + StepAttempts.describe(e));
    }
    if (outcome instanceof ClaimOutcome.Claimed claimed) {
      Baton baton = claimed.baton();
      String detail =
          "claimed the baton: epoch "
              + current.expectedEpoch()
              + " -> "
              + baton.epoch()
              + ", "
              + current.from()
              + " -> "
              + baton.activeRegion();
      return new StepResult(
          save(
              current
                  .withEpoch(baton.epoch(), now())
                  .withStep(running.succeeded(detail, now()), now())),
          null);
    }
    Optional<Baton> now = ((ClaimOutcome.EpochMoved) outcome).current();
    if (now.isPresent() && current.id().equals(now.get().promotionId())) {
      // An earlier run of this promotion claimed it and died before journaling that.
      String detail = "already claimed by an earlier run: epoch " + now.get().epoch();
      return new StepResult(
          save(
              current
                  .withEpoch(now.get().epoch(), now())
                  .withStep(running.succeeded(detail, now()), now())),
          null);
    }
    String reason;
    if (current.automatic()
        && now.isPresent()
        && now.get().epoch() == current.expectedEpoch()
        && now.get().mode() == BatonMode.FROZEN) {
      reason = "not acting: Baton was frozen after the decision (" + now.get().reason() + ")";
    } else {
      reason =
          "not acting: epoch moved to "
              + now.map(b -> b.epoch() + " (" + b.activeRegion() + " active)")
                  .orElse("? (no baton)");
    }
    return supersede(current, running, reason);
  }

  /**
   * Grants the claimed baton once every agent of another region has acknowledged the new epoch or
   * is past its fence deadline ({@link HandoverGate}); traffic moves only after this. A baton read
   * or beat read that keeps failing fails the step (resumable), never supersedes it.
   */
  private StepResult grant(PromotionRecord promotion, StepRecord step, TimeBudget budget) {
    PromotionRecord current = save(promotion.withStep(step.attempt(now()), now()));
    StepRecord running = current.step(PromotionSteps.GRANT).orElseThrow();
    int failures = 0;
    java.time.Instant failingSince = null;
    String lastWait = null;
    while (true) {
      Optional<Baton> baton;
      HandoverGate.Verdict verdict;
      java.time.Instant readStarted = now();
      try {
        baton = batons.read();
        if (baton.isEmpty()) {
          return supersede(current, running, "not acting: the baton is gone");
        }
        Baton b = baton.get();
        if (b.epoch() != current.epoch() || !current.id().equals(b.promotionId())) {
          return supersede(
              current,
              running,
              "not acting: epoch moved to " + b.epoch() + " (" + b.activeRegion() + " active)");
        }
        if (b.granted()) {
          return new StepResult(
              save(
                  current.withStep(
                      running.succeeded(
                          "already granted by an earlier run: epoch " + b.epoch(), now()),
                      now())),
              null);
        }
        String target = current.to();
        List<String> others = handover.regions().stream().filter(r -> !r.equals(target)).toList();
        verdict =
            HandoverGate.judge(
                current.epoch(),
                current.to(),
                handover.heartbeats().loadFleet(others),
                handover.timings(),
                now());
        if (verdict instanceof HandoverGate.Verdict.Open open) {
          ClaimOutcome granted = batons.grant(current.epoch(), current.id(), now());
          if (granted instanceof ClaimOutcome.EpochMoved moved) {
            return supersede(
                current,
                running,
                "not acting: epoch moved to "
                    + moved
                        .current()
                        .map(x -> x.epoch() + " (" + x.activeRegion() + " active)")
                        .orElse("? (no baton)"));
          }
          return new StepResult(
              save(
                  current.withStep(
                      running.succeeded(
                          "granted epoch "
                              + current.epoch()
                              + " to "
                              + current.to()
                              + ": "
                              + open.detail(),
                          now()),
                      now())),
              null);
        }
        failures = 0;
        failingSince = null;
      } catch (JournalConflict e) {
        // Another run of this promotion wrote the journal: it owns the promotion now.
        throw e;
      } catch (RuntimeException e) {
        failures++;
        if (failingSince == null) {
          failingSince = readStarted;
        }
        if (Duration.between(failingSince, now()).compareTo(GRANT_READ_FAILURES_FOR) >= 0) {
          return fail(
              current,
              running,
              "could not read the baton or the beats to grant epoch "
                  + current.epoch()
                  + " for "
                  + Duration.between(failingSince, now()).toSeconds()
                  + " s ("
                  + failures
                  + (failures == 1 ? " attempt" : " attempts")
                  + "): "
                  + StepAttempts.describe(e));
        }
        LOG.warn("grant of {}: read failed, retrying: {}", current.id(), StepAttempts.describe(e));
        verdict = null;
      }
      Duration wait = GRANT_POLL;
      if (verdict instanceof HandoverGate.Verdict.Waiting waiting) {
        Duration left = Duration.between(now(), waiting.until());
        if (left.compareTo(wait) < 0) {
          wait = left.isNegative() ? Duration.ZERO : left;
        }
        String what = "waiting for " + waiting.instances() + " to step down";
        if (!what.equals(lastWait)) {
          lastWait = what;
          current = save(current.withStep(running.retrying(what), now()));
          running = current.step(PromotionSteps.GRANT).orElseThrow();
        }
      }
      if (budget.remaining().compareTo(wait.plus(GRANT_POLL)) <= 0) {
        return fail(
            current,
            running,
            "the function's time ran out while "
                + (lastWait == null ? "granting" : lastWait)
                + "; resume it to go on waiting");
      }
      try {
        sleeper.sleep(wait.isZero() ? Duration.ofMillis(1) : wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(current, running, "interrupted while waiting to grant");
      }
    }
  }

  /** How one external step (or one router's branch) ended; its step is already journaled. */
  private sealed interface StepEnd {
    record Done() implements StepEnd {}

    record Failed(String step, String why) implements StepEnd {}

    record Fenced(String step, String reason) implements StepEnd {}

    /** The journal could not be written (another run owns it, or the store failed). */
    record Broken(RuntimeException cause) implements StepEnd {}
  }

  /** Probe or notify: one external step, on the caller's thread. */
  private StepResult external(
      PromotionRecord promotion, StepRecord step, RegionConfig target, TimeBudget budget) {
    SharedJournal shared = new SharedJournal(journal, clock, promotion);
    StepEnd end = attempt(shared, step, target, budget, fence(promotion));
    return ended(shared.latest(), List.of(end));
  }

  /**
   * Runs every router's unfinished steps, one branch per router (its shift, then its verify), and
   * waits for all of them: a router that fails does not stop the others, so a resume has only the
   * failed router's steps left. A branch that finds a newer epoch stops the others before their
   * next call. Journal writes of the branches are serialized into one record ({@link
   * SharedJournal}).
   */
  private StepResult routers(PromotionRecord promotion, RegionConfig target, TimeBudget budget) {
    Map<String, List<StepRecord>> byRouter = new LinkedHashMap<>();
    for (StepRecord step : promotion.steps()) {
      if (step.status().unfinished() && PromotionSteps.actsThroughRouter(step.name())) {
        byRouter
            .computeIfAbsent(PromotionSteps.routerOf(step.name()), r -> new ArrayList<>())
            .add(step.reopened());
      }
    }
    SharedJournal shared = new SharedJournal(journal, clock, promotion);
    AtomicReference<String> stop = new AtomicReference<>();
    Fence fence = stopping(fence(promotion), stop);
    List<String> names = List.copyOf(byRouter.keySet());
    StepEnd[] ends = new StepEnd[names.size()];
    List<RouterBranches.Branch> work = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      List<StepRecord> steps = byRouter.get(names.get(i));
      work.add(
          new RouterBranches.Branch(
              names.get(i),
              () -> ends[index] = branch(shared, steps, target, budget, fence, stop)));
    }
    branches.runAll(work);
    return ended(shared.latest(), List.of(ends));
  }

  /** One router's steps in order; the first that does not succeed ends the branch. */
  private StepEnd branch(
      SharedJournal shared,
      List<StepRecord> steps,
      RegionConfig target,
      TimeBudget budget,
      Fence fence,
      AtomicReference<String> stop) {
    try {
      for (StepRecord step : steps) {
        StepEnd end = attempt(shared, step, target, budget, fence);
        if (!(end instanceof StepEnd.Done)) {
          return end;
        }
      }
      return new StepEnd.Done();
    } catch (RuntimeException e) {
      // Only a journal write throws here: this run cannot go on, so no other branch calls again.
      stop.compareAndSet(
          null,
          e instanceof JournalConflict
              ? "stopped: another run of this promotion wrote its journal"
              : "stopped: the journal could not be written: " + StepAttempts.describe(e));
      return new StepEnd.Broken(e);
    }
  }

  /** One external step with its retries, journaled before each attempt and when it ends. */
  private StepEnd attempt(
      SharedJournal shared, StepRecord step, RegionConfig target, TimeBudget budget, Fence fence) {
    String name = step.name();
    Supplier<String> action;
    try {
      action = action(name, shared.latest(), target);
    } catch (IllegalStateException e) {
      shared.write(step.failed(e.getMessage(), now()));
      return new StepEnd.Failed(name, e.getMessage());
    }
    // Only this branch writes this step, so its latest state is the one kept here.
    StepRecord[] mine = {step};
    StepAttempts.Outcome outcome =
        attempts.run(
            name,
            fence,
            budget,
            (number, previousError) -> {
              StepRecord started = mine[0].attempt(now());
              if (previousError != null) {
                started = started.retrying("attempt " + (number - 1) + " failed: " + previousError);
              }
              mine[0] = started;
              shared.write(started);
            },
            action);
    if (outcome instanceof StepAttempts.Outcome.Done done) {
      shared.write(mine[0].succeeded(done.detail(), now()));
      return new StepEnd.Done();
    }
    if (outcome instanceof StepAttempts.Outcome.Fenced fenced) {
      shared.write(mine[0].failed(fenced.reason(), now()));
      return new StepEnd.Fenced(name, fenced.reason());
    }
    String why = ((StepAttempts.Outcome.Failed) outcome).detail();
    shared.write(mine[0].failed(why, now()));
    return new StepEnd.Failed(name, why);
  }

  /**
   * How the run goes on once {@code ends} (journaled in {@code latest}) are known: a broken journal
   * ends it with that error, a newer epoch supersedes it, a failed step fails it (naming the first,
   * in step order), else it continues.
   */
  private StepResult ended(PromotionRecord latest, List<StepEnd> ends) {
    for (StepEnd end : ends) {
      if (end instanceof StepEnd.Broken broken) {
        throw broken.cause();
      }
    }
    for (StepEnd end : ends) {
      if (end instanceof StepEnd.Fenced fenced) {
        return superseded(latest, fenced.step(), fenced.reason());
      }
    }
    List<StepEnd.Failed> failures =
        ends.stream()
            .filter(StepEnd.Failed.class::isInstance)
            .map(StepEnd.Failed.class::cast)
            .toList();
    if (failures.isEmpty()) {
      return new StepResult(latest, null);
    }
    StepEnd.Failed first = failures.get(0);
    String why = first.why();
    if (failures.size() > 1) {
      why +=
          "; also failed: "
              + failures.subList(1, failures.size()).stream()
                  .map(f -> f.step() + " (" + f.why() + ")")
                  .collect(java.util.stream.Collectors.joining(", "));
    }
    return failed(latest, first.step(), why);
  }

  /** {@code fence}, and once any branch was told to stop, the same answer for every branch. */
  private static Fence stopping(Fence fence, AtomicReference<String> stop) {
    return () -> {
      String stopped = stop.get();
      if (stopped != null) {
        return Optional.of(stopped);
      }
      Optional<String> reason = fence.stopReason();
      reason.ifPresent(r -> stop.compareAndSet(null, r));
      return reason;
    };
  }

  private Supplier<String> action(String step, PromotionRecord promotion, RegionConfig target) {
    if (step.equals(PromotionSteps.PROBE)) {
      return () -> probe.probe(target.healthUrl());
    }
    if (step.equals(PromotionSteps.NOTIFY)) {
      return () -> {
        PromotionRecord asSent = promotion.withStatus(PromotionStatus.SUCCEEDED, now());
        notifier.send(notice(asSent));
        return "notified: " + notice(asSent).subject();
      };
    }
    String routerName = PromotionSteps.routerOf(step);
    TrafficRouter router = routers.get(routerName);
    if (router == null) {
      throw new IllegalStateException(
          "router '" + routerName + "' is no longer in the topology; known: " + routers.keySet());
    }
    return step.startsWith(PromotionSteps.SHIFT_PREFIX)
        ? () -> router.shift(target)
        : () -> router.verify(target);
  }

  /**
   * Stops the promotion once the baton is no longer the one it claimed (for a reconcile: the one it
   * found). A failed read throws: the attempt fails and is retried (acting without knowing the
   * epoch could be acting under a stale one, and stopping would leave the promotion half done).
   */
  private Fence fence(PromotionRecord promotion) {
    return () -> PromotionResumer.staleFor(promotion, batons.read());
  }

  private StepResult fail(PromotionRecord promotion, StepRecord step, String why) {
    return failed(promotion.withStep(step.failed(why, now()), now()), step.name(), why);
  }

  /** Ends the run FAILED at {@code step}: one write of {@code promotion} with that status. */
  private StepResult failed(PromotionRecord promotion, String step, String why) {
    PromotionRecord failed = save(promotion.withStatus(PromotionStatus.FAILED, now()));
    metrics.count(MetricNames.PROMOTION_FAILED);
    String reason =
        failed.kind()
            + " "
            + failed.id()
            + " FAILED at step "
            + step
            + ": "
            + why
            + "; resume it once the cause is fixed";
    LOG.error(reason);
    try {
      notifier.send(notice(failed));
    } catch (RuntimeException e) {
      // The alarm on PromotionFailed still fires; the notice is a courtesy.
      LOG.error(
          "could not send the failure notice of {}: {}", failed.id(), StepAttempts.describe(e));
    }
    return new StepResult(failed, new SagaOutcome.Failed(failed, step, reason));
  }

  private StepResult supersede(PromotionRecord promotion, StepRecord step, String reason) {
    return superseded(promotion.withStep(step.failed(reason, now()), now()), step.name(), reason);
  }

  /** Ends the run SUPERSEDED at {@code step}: one write of {@code promotion} with that status. */
  private StepResult superseded(PromotionRecord promotion, String step, String reason) {
    PromotionRecord superseded = save(promotion.withStatus(PromotionStatus.SUPERSEDED, now()));
    LOG.warn("promotion {} stopped at step {}: {}", promotion.id(), step, reason);
    return new StepResult(superseded, new SagaOutcome.Superseded(superseded, reason));
  }

  private PromotionRecord save(PromotionRecord promotion) {
    return journal.save(promotion);
  }

  private java.time.Instant now() {
    return clock.instant();
  }

  /** The notice humans get about {@code promotion}. */
  static Notice.PromotionNotice notice(PromotionRecord promotion) {
    return new Notice.PromotionNotice(
        promotion.id(),
        promotion.kind().name(),
        promotion.status().name(),
        promotion.from(),
        promotion.to(),
        promotion.epoch(),
        promotion.decision().isBlank() ? promotion.reason() : promotion.decision(),
        promotion.requestedBy(),
        promotion.force(),
        promotion.steps().stream()
            // The notify step is the one sending this notice: it has no outcome to report yet.
            .filter(s -> !(s.name().equals(PromotionSteps.NOTIFY) && s.status().unfinished()))
            .map(
                s ->
                    new Notice.StepTiming(
                        s.name(), s.status().name(), s.duration().orElse(null), s.detail()))
            .toList());
  }
}
