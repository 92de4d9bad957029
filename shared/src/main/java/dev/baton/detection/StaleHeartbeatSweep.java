package dev.baton.detection;

import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import dev.baton.observability.LogFields;
import dev.baton.observability.MetricNames;
import dev.baton.port.DependencyException;
import dev.baton.port.Metrics;
import dev.baton.port.ReadinessCheck;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled backstop (docs/architecture.md): one sweep of the fleet monitor (evaluate from the
 * table, mark stale beats), then the readiness check of the failover path. Every readiness problem
 * is logged on its own line and counted in {@code ReadinessFailed}; a check that cannot run at all
 * counts as one problem. Last, a promotion that holds the baton but that nobody runs any more is
 * logged with the command that finishes it and counted in {@code PromotionStuck}.
 *
 * <p>With {@link #withExpiry}, each run also deletes a bounded number of expired heartbeat and
 * audit items (a strongly consistent control table has no TTL, docs/decisions/0024), after the
 * stuck-promotion check and before the readiness check. Expiry is housekeeping: when it fails the
 * run logs why and goes on, and the next run carries on where it left off.
 */
public final class StaleHeartbeatSweep {
  private static final Logger LOG = LoggerFactory.getLogger(StaleHeartbeatSweep.class);

  private final FleetMonitor monitor;
  private final ReadinessCheck readiness;
  private final Optional<StuckPromotionCheck> stuckPromotions;
  private final Metrics metrics;
  private final Optional<ExpiredItems> expiry;
  private final Clock clock;

  /** A sweep without the stuck-promotion check, for a stack that has no promotion journal. */
  public StaleHeartbeatSweep(FleetMonitor monitor, ReadinessCheck readiness, Metrics metrics) {
    this(monitor, readiness, Optional.empty(), metrics);
  }

  public StaleHeartbeatSweep(
      FleetMonitor monitor,
      ReadinessCheck readiness,
      StuckPromotionCheck stuckPromotions,
      Metrics metrics) {
    this(monitor, readiness, Optional.of(stuckPromotions), metrics);
  }

  private StaleHeartbeatSweep(
      FleetMonitor monitor,
      ReadinessCheck readiness,
      Optional<StuckPromotionCheck> stuckPromotions,
      Metrics metrics) {
    this(monitor, readiness, stuckPromotions, metrics, Optional.empty(), Clock.systemUTC());
  }

  private StaleHeartbeatSweep(
      FleetMonitor monitor,
      ReadinessCheck readiness,
      Optional<StuckPromotionCheck> stuckPromotions,
      Metrics metrics,
      Optional<ExpiredItems> expiry,
      Clock clock) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.stuckPromotions = stuckPromotions;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * This sweep, also deleting expired items with {@code expiry} every run, judging expiry by {@code
   * clock}.
   */
  public StaleHeartbeatSweep withExpiry(ExpiredItems expiry, Clock clock) {
    return new StaleHeartbeatSweep(
        monitor,
        readiness,
        stuckPromotions,
        metrics,
        Optional.of(Objects.requireNonNull(expiry, "expiry")),
        clock);
  }

  public FleetMonitor monitor() {
    return monitor;
  }

  /**
   * One run; failures to read the table propagate (the function's Errors alarm fires, and the
   * schedule runs again in a minute).
   */
  public Result run() {
    SweepReport sweep = monitor.sweep();
    // The state and a stuck promotion first: the readiness check may wait minutes for a slow
    // provider, and the gauges' alarms must not flap meanwhile.
    reportState(sweep);
    Optional<StuckPromotionCheck.StuckPromotion> stuck =
        stuckPromotions.flatMap(check -> check.check(sweep.baton()));
    stuck.ifPresent(this::report);
    Optional<ExpiredItems.Outcome> expired = expiry.flatMap(this::expire);
    List<ReadinessCheck.Problem> problems = checkReadiness();
    if (!problems.isEmpty()) {
      metrics.count(MetricNames.READINESS_FAILED, problems.size(), Map.of());
    }
    return new Result(sweep, problems, stuck, expired);
  }

  /** The expiry pass; empty when it failed (logged: the next run tries again). */
  private Optional<ExpiredItems.Outcome> expire(ExpiredItems items) {
    ExpiredItems.Outcome outcome;
    try {
      outcome = items.expire(monitor.beatsInView(), clock.instant());
    } catch (DependencyException e) {
      LOG.warn("expired items not deleted this run, the next run tries again: {}", e.getMessage());
      return Optional.empty();
    }
    if (outcome.deleted() > 0 || outcome.budgetSpent()) {
      LOG.info(
          "deleted {} expired heartbeat and {} audit items ({} skipped{})",
          outcome.heartbeatsDeleted(),
          outcome.auditDeleted(),
          outcome.skipped(),
          outcome.budgetSpent() ? "; more next run" : "");
    }
    return Optional.of(outcome);
  }

  /**
   * The state gauges, every sweep: the dashboard shows them, and an alarm on a gauge stays in ALARM
   * while the state lasts (a freeze, an unhealthy active region), where an event fires once.
   */
  private void reportState(SweepReport sweep) {
    long healthy = sweep.regions().values().stream().filter(h -> h == RegionHealth.HEALTHY).count();
    metrics.gauge(MetricNames.HEALTHY_REGIONS, healthy);
    sweep
        .baton()
        .ifPresent(
            baton -> {
              metrics.gauge(MetricNames.BATON_EPOCH, baton.epoch());
              metrics.gauge(MetricNames.BATON_FROZEN, baton.mode() == BatonMode.FROZEN ? 1 : 0);
              boolean activeHealthy =
                  sweep.regions().get(baton.activeRegion()) == RegionHealth.HEALTHY;
              metrics.gauge(MetricNames.ACTIVE_REGION_HEALTHY, activeHealthy ? 1 : 0);
            });
  }

  private void report(StuckPromotionCheck.StuckPromotion stuck) {
    try (LogFields f =
        LogFields.of(
            Map.of(
                "promotion_id", stuck.promotionId(),
                "step", stuck.step(),
                "idle_seconds", Long.toString(stuck.idle().toSeconds())))) {
      LOG.error("promotion stuck: {}", stuck.describe());
    }
    metrics.count(MetricNames.PROMOTION_STUCK);
  }

  private List<ReadinessCheck.Problem> checkReadiness() {
    List<ReadinessCheck.Problem> problems;
    try {
      problems = readiness.check();
    } catch (RuntimeException e) {
      // The check itself failing is the loudest readiness problem: the failover path is unknown.
      problems =
          List.of(
              new ReadinessCheck.Problem(
                  "readiness-check", "*", "the readiness check could not run: " + e.getMessage()));
    }
    for (ReadinessCheck.Problem problem : problems) {
      try (LogFields f =
          LogFields.of(
              Map.of(
                  "router", problem.router(),
                  "region", problem.region(),
                  "problem", problem.detail()))) {
        LOG.error(
            "failover path not ready: {} in {}: {}",
            problem.router(),
            problem.region(),
            problem.detail());
      }
    }
    return problems;
  }

  /**
   * One sweep, the readiness problems found, the baton's promotion if nobody runs it, and what
   * expiry deleted (empty without expiry or when it failed).
   */
  public record Result(
      SweepReport sweep,
      List<ReadinessCheck.Problem> readinessProblems,
      Optional<StuckPromotionCheck.StuckPromotion> stuckPromotion,
      Optional<ExpiredItems.Outcome> expired) {
    public Result {
      readinessProblems = List.copyOf(readinessProblems);
      Objects.requireNonNull(stuckPromotion, "stuckPromotion");
      Objects.requireNonNull(expired, "expired");
    }
  }
}
