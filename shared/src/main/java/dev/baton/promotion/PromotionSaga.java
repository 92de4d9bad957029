package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.RegionConfig;
import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import dev.baton.observability.MetricNames;
import dev.baton.port.BatonStore;
import dev.baton.port.BatonStore.ClaimOutcome;
import dev.baton.port.Metrics;
import dev.baton.port.TrafficRouter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a journaled promotion (docs/architecture.md) from its first unfinished step: claim (the
 * fencing point), shift traffic through every router in order, verify each change, probe the
 * target, notify. Every step is journaled before and after it runs; every external step re-reads
 * the baton first and stops, making no further call, once a newer epoch holds it.
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

  public PromotionSaga(
      BatonStore batons,
      PromotionJournal journal,
      List<TrafficRouter> routers,
      HealthProbe probe,
      Notifier notifier,
      Metrics metrics,
      RetrySchedule schedule,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random) {
    this.batons = batons;
    this.journal = journal;
    this.routers = new LinkedHashMap<>();
    routers.forEach(r -> this.routers.put(r.name(), r));
    this.probe = probe;
    this.notifier = notifier;
    this.metrics = metrics;
    this.clock = clock;
    this.attempts = new StepAttempts(schedule, clock, sleeper, random);
  }

  /**
   * Runs every unfinished step of {@code promotion} (already journaled) towards {@code target}.
   *
   * @throws JournalConflict when another run of the same promotion wrote the journal meanwhile
   */
  public SagaOutcome run(PromotionRecord promotion, RegionConfig target, TimeBudget budget) {
    PromotionRecord current = promotion;
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
    String reason =
        "not acting: epoch moved to "
            + now.map(b -> b.epoch() + " (" + b.activeRegion() + " active)").orElse("? (no baton)");
    return supersede(current, running, reason);
  }

  private StepResult external(
      PromotionRecord promotion, StepRecord step, RegionConfig target, TimeBudget budget) {
    String name = step.name();
    Supplier<String> action;
    try {
      action = action(name, promotion, target);
    } catch (IllegalStateException e) {
      return fail(promotion, step, e.getMessage());
    }
    PromotionRecord[] current = {promotion.withStep(step, now())};
    StepAttempts.Outcome outcome =
        attempts.run(
            name,
            fence(promotion),
            budget,
            (number, previousError) -> {
              StepRecord started = current[0].step(name).orElseThrow().attempt(now());
              if (previousError != null) {
                started = started.retrying("attempt " + (number - 1) + " failed: " + previousError);
              }
              current[0] = save(current[0].withStep(started, now()));
            },
            action);
    StepRecord latest = current[0].step(name).orElseThrow();
    if (outcome instanceof StepAttempts.Outcome.Done done) {
      return new StepResult(
          save(current[0].withStep(latest.succeeded(done.detail(), now()), now())), null);
    }
    if (outcome instanceof StepAttempts.Outcome.Fenced fenced) {
      return supersede(current[0], latest, fenced.reason());
    }
    return fail(current[0], latest, ((StepAttempts.Outcome.Failed) outcome).detail());
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

  /** Stops the promotion once the baton is no longer the one it claimed. */
  private Fence fence(PromotionRecord promotion) {
    return () -> {
      Optional<Baton> baton;
      try {
        baton = batons.read();
      } catch (RuntimeException e) {
        // Acting without knowing the epoch could be acting under a stale one.
        return Optional.of(
            "not acting: could not read the baton to check the epoch: " + StepAttempts.describe(e));
      }
      if (baton.isEmpty()) {
        return Optional.of("not acting: the baton is gone");
      }
      Baton b = baton.get();
      if (b.epoch() != promotion.epoch() || !promotion.id().equals(b.promotionId())) {
        return Optional.of(
            "not acting: epoch moved to " + b.epoch() + " (" + b.activeRegion() + " active)");
      }
      return Optional.empty();
    };
  }

  private StepResult fail(PromotionRecord promotion, StepRecord step, String why) {
    PromotionRecord failed =
        save(
            promotion
                .withStep(step.failed(why, now()), now())
                .withStatus(PromotionStatus.FAILED, now()));
    metrics.count(MetricNames.PROMOTION_FAILED);
    String reason =
        failed.kind()
            + " "
            + failed.id()
            + " FAILED at step "
            + step.name()
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
    return new StepResult(failed, new SagaOutcome.Failed(failed, step.name(), reason));
  }

  private StepResult supersede(PromotionRecord promotion, StepRecord step, String reason) {
    PromotionRecord superseded =
        save(
            promotion
                .withStep(step.failed(reason, now()), now())
                .withStatus(PromotionStatus.SUPERSEDED, now()));
    LOG.warn("promotion {} stopped at step {}: {}", promotion.id(), step.name(), reason);
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
