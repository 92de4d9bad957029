package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.PromotionDecision;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.PromotionRules;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RegionState;
import dev.baton.domain.Topology;
import dev.baton.observability.MetricNames;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promotion function's application service: decides each request with {@link PromotionRules}
 * against the baton and region states it just read, then runs the promotion saga, changes the mode,
 * resumes a promotion, plans a dry run, or checks readiness. A rejected request and a dry run write
 * nothing.
 */
public final class PromotionService {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionService.class);
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The ids {@link #newId} makes: the UTC time of the request, then 6 random hex digits. */
  public static final java.util.regex.Pattern PROMOTION_ID =
      java.util.regex.Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");

  private final Topology topology;
  private final PromotionPorts ports;
  private final SagaTime time;
  private final PromotionAudit audit;
  private final SagaRun sagaRun;
  private final PromotionResumer resumer;
  private final ModeChange modeChange;

  public PromotionService(Topology topology, PromotionPorts ports, SagaTime time) {
    this.topology = topology;
    this.ports = ports;
    this.time = time;
    this.audit = new PromotionAudit(ports.audit(), time.clock());
    PromotionSaga saga =
        new PromotionSaga(
            ports.batons(),
            ports.journal(),
            ports.routers(),
            ports.probe(),
            ports.notifier(),
            ports.metrics(),
            new PromotionSaga.Handover(
                ports.heartbeats(), topology.regionNamesByPriority(), topology.timings()),
            time.retries(),
            time.clock(),
            time.sleeper(),
            time.random(),
            time.branches());
    this.sagaRun = new SagaRun(saga, ports.batons(), audit);
    this.resumer =
        new PromotionResumer(
            topology,
            ports.journal(),
            ports.batons(),
            ports.routers(),
            sagaRun,
            audit,
            time.clock());
    this.modeChange = new ModeChange(ports.batons(), ports.notifier(), audit, time.clock());
  }

  /** Handles one request within {@code budget}. */
  public PromotionResult handle(FunctionRequest request, TimeBudget budget) {
    if (request instanceof FunctionRequest.Readiness) {
      return readiness();
    }
    PromotionRequest promotion = ((FunctionRequest.Promotion) request).request();
    if (promotion instanceof PromotionRequest.Resume resume) {
      return resumer.resume(resume, budget);
    }
    Baton baton = currentBaton(promotion.dryRun());
    Map<String, RegionState> states = ports.regionStates().loadAll();
    PromotionDecision decision = PromotionRules.decide(promotion, baton, states, topology, now());
    if (decision instanceof PromotionDecision.Rejected rejected) {
      LOG.info(
          "rejected {} from {}: {}",
          promotion.action(),
          promotion.requestedBy(),
          rejected.reason());
      return new PromotionResult.Rejected(rejected.field(), rejected.rule());
    }
    if (decision instanceof PromotionDecision.NotActing notActing) {
      LOG.info("{} from {}: {}", promotion.action(), promotion.requestedBy(), notActing.reason());
      if (!promotion.dryRun()) {
        audit.record(
            "not-acting",
            promotion.action(),
            notActing.reason(),
            PromotionAudit.details(promotion));
      }
      return new PromotionResult.NotActing(notActing.reason(), baton, null);
    }
    PromotionDecision.Proceed proceed = (PromotionDecision.Proceed) decision;
    if (!proceed.runsPromotion()) {
      return modeChange.apply(promotion, proceed, baton);
    }
    return promote(promotion, proceed, baton, budget);
  }

  private PromotionResult promote(
      PromotionRequest request, PromotionDecision.Proceed proceed, Baton baton, TimeBudget budget) {
    RegionConfig target =
        topology
            .region(proceed.to())
            .orElseThrow(
                () -> new IllegalStateException("rules passed an unknown region " + proceed.to()));
    List<String> stepNames = PromotionSteps.names(proceed.kind(), ports.routers(), target);
    boolean movesBaton = proceed.movesBaton();
    if (request.dryRun()) {
      return DryRunPlan.of(
          "dry run: would run "
              + proceed.reason()
              + (movesBaton
                  ? "; claim epoch " + baton.epoch() + " -> " + (baton.epoch() + 1) + ", then"
                  : "; keep epoch " + baton.epoch() + " and")
              + " shift traffic through "
              + ports.routers().stream().map(TrafficRouter::name).toList(),
          stepNames,
          ports.routers(),
          target);
    }
    Instant now = now();
    List<StepRecord> steps = new ArrayList<>();
    for (String name : stepNames) {
      steps.add(
          name.equals(PromotionSteps.VALIDATE)
              ? StepRecord.pending(name).attempt(now).succeeded(proceed.reason(), now)
              : StepRecord.pending(name));
    }
    PromotionRecord record =
        ports
            .journal()
            .save(
                new PromotionRecord(
                    newId(now),
                    proceed.kind(),
                    proceed.from(),
                    proceed.to(),
                    baton.epoch(),
                    // A reconcile acts under the epoch it found; the others get theirs at the
                    // claim.
                    movesBaton ? 0 : baton.epoch(),
                    request.requestedBy(),
                    request.reason(),
                    proceed.reason(),
                    request instanceof PromotionRequest.AutoFailover auto
                        ? auto.evidence()
                        : List.of(),
                    proceed.forced(),
                    false,
                    PromotionStatus.RUNNING,
                    steps,
                    now,
                    now,
                    0,
                    List.of()));
    LOG.info("promotion {} started: {}", record.id(), proceed.reason());
    audit.record(
        "promotion-started", record.id(), proceed.reason(), PromotionAudit.details(request));
    return sagaRun.run(record, target, budget);
  }

  private PromotionResult readiness() {
    Baton baton = currentBaton(false);
    List<ReadinessCheck.Problem> problems = new ArrayList<>();
    publishFenceDeadline().ifPresent(problems::add);
    publishOutsideTargets().ifPresent(problems::add);
    for (TrafficRouter router : ports.routers()) {
      try {
        problems.addAll(router.readiness(topology.regions()));
      } catch (RuntimeException e) {
        problems.add(new ReadinessCheck.Problem(router.name(), "*", StepAttempts.describe(e)));
      }
    }
    problems.addAll(trafficMismatches(baton));
    problems.forEach(
        p -> LOG.warn("not ready: router {} region {}: {}", p.router(), p.region(), p.detail()));
    List<String> notes = new ArrayList<>();
    for (dev.baton.domain.RegionConfig r : topology.regions()) {
      if (r.healthUrl() == null || r.healthUrl().isBlank()) {
        notes.add(
            r.name()
                + " has no healthUrl: it is judged from inside only (its agents' probes), so a"
                + " failure of its public path (load balancer, ingress, DNS) goes unseen");
      }
    }
    notes.forEach(n -> LOG.info("readiness note: {}", n));
    return new PromotionResult.Readiness(problems, notes);
  }

  /**
   * Every router whose traffic is not at the region that has held the (granted) baton for at least
   * {@link #TRAFFIC_SETTLED}: a promotion left half done, or a router changed by hand. Counted as
   * {@code TrafficMismatch} (alarmed); the sweeper runs this every minute.
   */
  private List<ReadinessCheck.Problem> trafficMismatches(Baton baton) {
    if (!baton.granted() || Duration.between(baton.since(), now()).compareTo(TRAFFIC_SETTLED) < 0) {
      return List.of();
    }
    Optional<RegionConfig> holder = topology.region(baton.activeRegion());
    if (holder.isEmpty()) {
      return List.of();
    }
    List<ReadinessCheck.Problem> mismatches = new ArrayList<>();
    for (TrafficRouter router : ports.routers()) {
      try {
        router.verify(holder.get());
      } catch (RuntimeException e) {
        mismatches.add(
            new ReadinessCheck.Problem(
                router.name(),
                holder.get().name(),
                "TRAFFIC_MISMATCH: traffic not confirmed at "
                    + holder.get().name()
                    + ", which has held the baton (epoch "
                    + baton.epoch()
                    + ") since "
                    + baton.since()
                    + ": "
                    + StepAttempts.describe(e)
                    + "; resume the last promotion if it failed, else run baton reconcile"));
      }
    }
    if (!mismatches.isEmpty()) {
      ports.metrics().count(MetricNames.TRAFFIC_MISMATCH);
    }
    return mismatches;
  }

  /**
   * Publishes the fence deadline agents must respect on the baton item (decision 0017): agents read
   * it with the baton and never lease longer. Every readiness run (every minute) republishes it, so
   * a deployment with new timings reaches every agent within a minute; the write happens only when
   * the value changes.
   */
  private Optional<ReadinessCheck.Problem> publishFenceDeadline() {
    java.time.Duration deadline = dev.baton.domain.HandoverGate.fenceDeadline(topology.timings());
    try {
      ports.batons().publishFenceDeadline(deadline);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          new ReadinessCheck.Problem(
              "baton",
              "*",
              "could not publish the agents' fence deadline ("
                  + deadline.toMillis()
                  + " ms): "
                  + StepAttempts.describe(e)));
    }
  }

  /**
   * Publishes the regions' public health URLs on the baton item (docs/decisions/0023): agents read
   * them with the baton and probe every other region from outside each beat. Like the fence
   * deadline, republished every readiness run and written only when it changes.
   */
  private Optional<ReadinessCheck.Problem> publishOutsideTargets() {
    java.util.Map<String, String> urls = new java.util.TreeMap<>();
    for (dev.baton.domain.RegionConfig r : topology.regions()) {
      if (r.healthUrl() != null && !r.healthUrl().isBlank()) {
        urls.put(r.name(), r.healthUrl());
      }
    }
    try {
      ports.batons().publishOutsideTargets(urls);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          new ReadinessCheck.Problem(
              "baton",
              "*",
              "could not publish the regions' public health URLs for the agents' outside probes: "
                  + StepAttempts.describe(e)));
    }
  }

  /** How long the baton must have stayed put before its routers must agree with it. */
  static final Duration TRAFFIC_SETTLED = Duration.ofMinutes(1);

  /**
   * The baton; a fresh deployment has none, and the first request places it in the best-priority
   * region (a dry run only pretends to).
   */
  private Baton currentBaton(boolean dryRun) {
    Optional<Baton> stored = ports.batons().read();
    if (stored.isPresent()) {
      return stored.get();
    }
    Baton initial = Baton.initial(topology.regionNamesByPriority().get(0), now());
    if (dryRun) {
      return initial;
    }
    Baton placed = ports.batons().initialize(initial);
    audit.record(
        "baton-placed",
        placed.activeRegion(),
        "no baton yet: placed in the best-priority region " + placed.activeRegion(),
        Map.of("epoch", Long.toString(placed.epoch())));
    return placed;
  }

  private String newId(Instant now) {
    byte[] suffix = new byte[3];
    time.random().nextBytes(suffix);
    return ID_TIME.format(now) + "-" + HexFormat.of().formatHex(suffix);
  }

  private Instant now() {
    return time.clock().instant();
  }
}
