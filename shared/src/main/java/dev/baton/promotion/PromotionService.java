package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.PromotionDecision;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.PromotionRules;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RegionState;
import dev.baton.domain.Topology;
import dev.baton.notify.Notice;
import dev.baton.observability.DecisionLog;
import dev.baton.port.AuditLog;
import dev.baton.port.BatonStore.ClaimOutcome;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
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

  private final Topology topology;
  private final PromotionPorts ports;
  private final SagaTime time;
  private final PromotionSaga saga;

  public PromotionService(Topology topology, PromotionPorts ports, SagaTime time) {
    this.topology = topology;
    this.ports = ports;
    this.time = time;
    this.saga =
        new PromotionSaga(
            ports.batons(),
            ports.journal(),
            ports.routers(),
            ports.probe(),
            ports.notifier(),
            ports.metrics(),
            time.retries(),
            time.clock(),
            time.sleeper(),
            time.random());
  }

  /** Handles one request within {@code budget}. */
  public PromotionResult handle(FunctionRequest request, TimeBudget budget) {
    if (request instanceof FunctionRequest.Readiness) {
      return readiness();
    }
    PromotionRequest promotion = ((FunctionRequest.Promotion) request).request();
    if (promotion instanceof PromotionRequest.Resume resume) {
      return resume(resume, budget);
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
        audit("not-acting", promotion.action(), notActing.reason(), details(promotion));
      }
      return new PromotionResult.NotActing(notActing.reason(), baton, null);
    }
    PromotionDecision.Proceed proceed = (PromotionDecision.Proceed) decision;
    if (!proceed.movesBaton()) {
      BatonMode mode =
          promotion instanceof PromotionRequest.Freeze ? BatonMode.FROZEN : BatonMode.AUTO;
      return changeMode(promotion, proceed, baton, mode);
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
    List<String> stepNames = PromotionSteps.names(ports.routers(), target);
    if (request.dryRun()) {
      return plan(
          "dry run: would run "
              + proceed.reason()
              + "; claim epoch "
              + baton.epoch()
              + " -> "
              + (baton.epoch() + 1)
              + ", then shift traffic through "
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
                    0,
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
    audit("promotion-started", record.id(), proceed.reason(), details(request));
    return finish(saga.run(record, target, budget));
  }

  private PromotionResult resume(PromotionRequest.Resume request, TimeBudget budget) {
    Optional<PromotionRecord> found = ports.journal().load(request.promotionId());
    if (found.isEmpty()) {
      return new PromotionResult.Rejected(
          "promotionId", "no promotion '" + request.promotionId() + "' in the journal");
    }
    PromotionRecord promotion = found.get();
    Optional<Baton> baton = ports.batons().read();
    if (!promotion.status().resumable()) {
      return new PromotionResult.NotActing(
          "not acting: promotion " + promotion.id() + " is already " + promotion.status(),
          baton.orElse(null),
          promotion);
    }
    Optional<String> stale = staleFor(promotion, baton);
    if (stale.isPresent()) {
      if (!request.dryRun()) {
        promotion =
            ports
                .journal()
                .save(
                    promotion
                        .withHistory(
                            "resume refused at "
                                + now()
                                + " ("
                                + request.requestedBy()
                                + "): "
                                + stale.get(),
                            now())
                        .withStatus(PromotionStatus.SUPERSEDED, now()));
        audit("not-acting", promotion.id(), stale.get(), details(request));
      }
      return new PromotionResult.NotActing(stale.get(), baton.orElse(null), promotion);
    }
    Optional<RegionConfig> target = topology.region(promotion.to());
    if (target.isEmpty()) {
      return new PromotionResult.Rejected(
          "promotionId",
          "promotion "
              + promotion.id()
              + " moves to '"
              + promotion.to()
              + "', which is no longer a region of the topology "
              + topology.regionNamesByPriority());
    }
    List<String> remaining =
        promotion.steps().stream()
            .filter(s -> s.status().unfinished())
            .map(StepRecord::name)
            .toList();
    String from = remaining.isEmpty() ? "the final status" : remaining.get(0);
    if (request.dryRun()) {
      List<TrafficRouter> routers =
          ports.routers().stream()
              .filter(r -> remaining.contains(PromotionSteps.SHIFT_PREFIX + r.name()))
              .toList();
      return plan(
          "dry run: would resume " + promotion.id() + " at " + from,
          remaining,
          routers,
          target.get());
    }
    String line =
        "resumed at "
            + now()
            + " by "
            + request.requestedBy()
            + " from "
            + from
            + ": "
            + request.reason();
    promotion =
        ports
            .journal()
            .save(promotion.withHistory(line, now()).withStatus(PromotionStatus.RUNNING, now()));
    LOG.info("promotion {} {}", promotion.id(), line);
    audit("promotion-resumed", promotion.id(), line, details(request));
    return finish(saga.run(promotion, target.get(), budget));
  }

  /** Why a resume of {@code promotion} must not act, if a newer epoch holds the baton. */
  private static Optional<String> staleFor(PromotionRecord promotion, Optional<Baton> baton) {
    if (baton.isEmpty()) {
      return Optional.of("not acting: the baton is gone");
    }
    Baton b = baton.get();
    if (promotion.id().equals(b.promotionId())) {
      return Optional.empty();
    }
    boolean moved = promotion.claimed() || b.epoch() != promotion.expectedEpoch();
    return moved
        ? Optional.of(
            "not acting: epoch moved to "
                + b.epoch()
                + " ("
                + b.activeRegion()
                + " active); promotion "
                + promotion.id()
                + " can no longer act")
        : Optional.empty();
  }

  private PromotionResult finish(SagaOutcome outcome) {
    PromotionRecord promotion = outcome.promotion();
    Map<String, String> facts =
        Map.of(
            "from",
            promotion.from(),
            "to",
            promotion.to(),
            "epoch",
            Long.toString(promotion.epoch()));
    if (outcome instanceof SagaOutcome.Completed) {
      audit("promotion-succeeded", promotion.id(), outcome.reason(), facts);
      return new PromotionResult.Promoted(promotion, outcome.reason());
    }
    if (outcome instanceof SagaOutcome.Failed failed) {
      audit("promotion-failed", promotion.id(), outcome.reason(), facts);
      return new PromotionResult.Failed(promotion, failed.step(), outcome.reason());
    }
    audit("promotion-superseded", promotion.id(), outcome.reason(), facts);
    return new PromotionResult.NotActing(
        outcome.reason(), ports.batons().read().orElse(null), promotion);
  }

  private PromotionResult changeMode(
      PromotionRequest request, PromotionDecision.Proceed proceed, Baton baton, BatonMode mode) {
    if (request.dryRun()) {
      return new PromotionResult.DryRun(
          "dry run: would set the mode to " + mode + ": " + proceed.reason(),
          List.of("set-mode"),
          List.of(),
          List.of());
    }
    ClaimOutcome outcome = ports.batons().setMode(baton.epoch(), mode, proceed.reason(), now());
    if (outcome instanceof ClaimOutcome.EpochMoved moved) {
      String reason =
          "not acting: epoch moved to "
              + moved.current().map(b -> Long.toString(b.epoch())).orElse("?")
              + " while setting the mode to "
              + mode
              + "; send the request again";
      audit("not-acting", request.action(), reason, details(request));
      return new PromotionResult.NotActing(reason, moved.current().orElse(null), null);
    }
    Baton stored = ((ClaimOutcome.Claimed) outcome).baton();
    LOG.warn("automation is now {}: {}", mode, proceed.reason());
    audit("mode-changed", mode.name(), proceed.reason(), details(request));
    try {
      ports
          .notifier()
          .send(
              new Notice.ModeNotice(
                  mode.name(),
                  stored.activeRegion(),
                  stored.epoch(),
                  request.requestedBy(),
                  proceed.reason()));
    } catch (RuntimeException e) {
      // The mode is changed and audited; a lost notice must not turn that into an error.
      LOG.error("could not send the mode notice: {}", StepAttempts.describe(e));
    }
    return new PromotionResult.ModeChanged(stored, proceed.reason());
  }

  private PromotionResult plan(
      String reason, List<String> steps, List<TrafficRouter> routers, RegionConfig target) {
    List<TrafficRouter.PlannedRequest> requests = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TrafficRouter router : routers) {
      try {
        requests.addAll(router.plan(target));
      } catch (RuntimeException e) {
        problems.add(router.name() + ": could not plan: " + StepAttempts.describe(e));
      }
    }
    return new PromotionResult.DryRun(reason, steps, requests, problems);
  }

  private PromotionResult readiness() {
    currentBaton(false);
    List<ReadinessCheck.Problem> problems = new ArrayList<>();
    for (TrafficRouter router : ports.routers()) {
      try {
        problems.addAll(router.readiness(topology.regions()));
      } catch (RuntimeException e) {
        problems.add(new ReadinessCheck.Problem(router.name(), "*", StepAttempts.describe(e)));
      }
    }
    problems.forEach(
        p -> LOG.warn("not ready: router {} region {}: {}", p.router(), p.region(), p.detail()));
    return new PromotionResult.Readiness(problems);
  }

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
    audit(
        "baton-placed",
        placed.activeRegion(),
        "no baton yet: placed in the best-priority region " + placed.activeRegion(),
        Map.of("epoch", Long.toString(placed.epoch())));
    return placed;
  }

  private void audit(String kind, String subject, String reason, Map<String, String> details) {
    AuditLog.Entry entry = new AuditLog.Entry(now(), kind, subject, reason, details);
    DecisionLog.decided(entry);
    try {
      ports.audit().record(entry);
    } catch (RuntimeException e) {
      // Losing an audit line must not stop a failover; the log line keeps the fact.
      LOG.error("could not audit {} {} ({}): {}", kind, subject, reason, StepAttempts.describe(e));
    }
  }

  private static Map<String, String> details(PromotionRequest request) {
    Map<String, String> details = new HashMap<>();
    details.put("action", request.action());
    details.put("requestedBy", request.requestedBy());
    details.put("requestReason", request.reason() == null ? "" : request.reason());
    if (request instanceof PromotionRequest.Manual manual) {
      details.put("to", manual.to());
      details.put("force", Boolean.toString(manual.force()));
    } else if (request instanceof PromotionRequest.AutoFailover auto) {
      details.put("from", auto.from());
      details.put("to", auto.to());
      details.put("expectedEpoch", Long.toString(auto.expectedEpoch()));
    } else if (request instanceof PromotionRequest.Resume resume) {
      details.put("promotionId", resume.promotionId());
    }
    return details;
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
