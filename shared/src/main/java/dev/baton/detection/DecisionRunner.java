package dev.baton.detection;

import dev.baton.domain.Action;
import dev.baton.domain.Alarm;
import dev.baton.domain.Evaluation;
import dev.baton.domain.PromotionRequest;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.observability.DecisionLog;
import dev.baton.observability.MetricNames;
import dev.baton.port.AuditLog;
import dev.baton.port.DependencyException;
import dev.baton.port.RegionStateStore.SaveOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions of one evaluation, in order: stores region states, asks the promotion
 * function to fail over or freeze, raises alarm metrics; audits and logs every decision with its
 * reason. Stops at the first lost race on a region state, since the rest was decided from a state
 * someone else has replaced.
 *
 * <p>Audit records survive a failed write: a decision is audited after it is carried out (so no
 * record claims a request that never left), under an id derived from its content ({@link
 * AuditLog.Entry#contentId()}), and a write that fails is kept and tried again, with the same id,
 * before the next evaluation's decisions: the evaluation that would redo the decision sees the
 * newer state and would never audit it again. An entry given up ({@link #AUDIT_ATTEMPTS} failed
 * attempts, a failure a retry cannot fix, more than {@link #MAX_PENDING_AUDIT} waiting) is logged
 * whole at ERROR and counted in {@code AuditWriteFailed}, which has an alarm.
 */
final class DecisionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionRunner.class);

  /** Who asks for a freeze when the flap limit is reached (the brief's contract). */
  static final String FLAP_LIMIT_REQUESTER = "baton:flap-limit";

  /**
   * An unanswered request is sent again after this long: the asynchronous invoke has its own
   * retries, and each request started while the first still runs would only end "not acting".
   */
  static final Duration RESEND_AFTER = Duration.ofMinutes(1);

  /** Attempts at writing one audit entry before it is given up (one per evaluation). */
  static final int AUDIT_ATTEMPTS = 5;

  /** Entries waiting for a retry, at most; beyond it the oldest is given up. */
  static final int MAX_PENDING_AUDIT = 100;

  /** An audit entry not written yet, with the id it keeps across attempts. */
  private record PendingAudit(AuditLog.Entry entry, String id, int failedAttempts) {}

  private final MonitorPorts ports;
  private final Deque<PendingAudit> pendingAudit = new ArrayDeque<>();
  private final Map<String, Instant> sentAt = new HashMap<>();
  private Set<Alarm> raised = EnumSet.noneOf(Alarm.class);

  DecisionRunner(MonitorPorts ports) {
    this.ports = ports;
  }

  /**
   * Forgets which requests were sent and which alarms are raised (a restarted monitor); audit
   * entries still waiting are kept: they record decisions that were carried out.
   */
  void forget() {
    sentAt.clear();
    raised = EnumSet.noneOf(Alarm.class);
  }

  /**
   * What carrying out an evaluation left behind.
   *
   * @param states the region states to carry into the next evaluation (with stored versions)
   * @param saved the region states written to the table, as stored
   * @param conflict the lost race that stopped it, if any
   */
  record Carried(
      Map<String, RegionState> states,
      Map<String, RegionState> saved,
      Optional<SaveOutcome.Conflict> conflict) {}

  /**
   * An alarm's metric fires on every evaluation that raises it; it is audited when it starts (was
   * not raised by the previous evaluation). A promotion or freeze request equal to one sent less
   * than {@link #RESEND_AFTER} ago is not sent again, unless its region turned UNHEALTHY anew
   * since.
   *
   * @param batonPlaced false when the table holds no baton yet: nothing to fail over from, so
   *     promotion and freeze requests are logged and not sent
   */
  Carried carryOut(Evaluation evaluation, boolean batonPlaced, Instant now) {
    retryPendingAudit();
    Map<String, RegionState> states = new LinkedHashMap<>(evaluation.regions());
    Map<String, RegionState> saved = new HashMap<>();
    Set<Alarm> raisedNow = EnumSet.noneOf(Alarm.class);
    for (Action action : evaluation.actions()) {
      if (action instanceof Action.PersistTransition persist) {
        SaveOutcome outcome = ports.regionStates().save(persist.next());
        if (outcome instanceof SaveOutcome.Conflict conflict) {
          LOG.info(
              "region state {} changed under us ({}); the rest of this evaluation is dropped",
              conflict.region(),
              conflict.detail());
          return new Carried(states, saved, Optional.of(conflict));
        }
        RegionState stored = ((SaveOutcome.Saved) outcome).stored();
        states.put(stored.region(), stored);
        saved.put(stored.region(), stored);
        if (persist.healthChanged()) {
          if (stored.health() == RegionHealth.UNHEALTHY) {
            // A new incident: a request left unanswered in an earlier one must not hold back this
            // one's for the rest of RESEND_AFTER (a repeat of a running one ends "not acting").
            String from = "failover " + stored.region() + "->";
            sentAt.keySet().removeIf(k -> k.startsWith(from));
          }
          decided(
              new AuditLog.Entry(
                  now,
                  "region-transition",
                  stored.region(),
                  persist.reason(),
                  Map.of(
                      "from", persist.previous().health().name(),
                      "to", stored.health().name(),
                      "healthyInstances", Integer.toString(stored.healthyInstances()),
                      "expectedInstances", Integer.toString(stored.expectedInstances()),
                      "version", Long.toString(stored.version()))));
        } else {
          LOG.debug("refreshed {}: {}", stored.region(), persist.reason());
        }
      } else if (action instanceof Action.RequestPromotion promotion) {
        requestFailover(promotion, batonPlaced, now);
      } else if (action instanceof Action.FreezeBaton freeze) {
        requestFreeze(freeze, batonPlaced, now);
      } else if (action instanceof Action.RaiseAlarm alarm) {
        raise(alarm, now);
        raisedNow.add(alarm.alarm());
      }
    }
    raised = raisedNow;
    return new Carried(states, saved, Optional.empty());
  }

  private void requestFailover(Action.RequestPromotion action, boolean batonPlaced, Instant now) {
    PromotionRequest.AutoFailover request = action.request();
    AuditLog.Entry entry =
        new AuditLog.Entry(
            now,
            "failover-requested",
            request.from() + "->" + request.to(),
            action.reason(),
            Map.of(
                "from", request.from(),
                "to", request.to(),
                "expectedEpoch", Long.toString(request.expectedEpoch()),
                "requestedBy", request.requestedBy(),
                "evidence", String.join("; ", request.evidence())));
    if (!batonPlaced) {
      DecisionLog.notCarriedOut(entry, "no baton in the table yet: nothing to fail over from");
      return;
    }
    String key = "failover " + request.from() + "->" + request.to() + "@" + request.expectedEpoch();
    if (sentRecently(key, now)) {
      LOG.debug("{} already requested at {}; waiting for the promotion", key, sentAt.get(key));
      return;
    }
    // Sent before it is audited: a failed send is retried with the batch, and must not leave an
    // audit item claiming a request that never left.
    ports.promotions().requestPromotion(request);
    sentAt.put(key, now);
    ports.metrics().count(MetricNames.FAILOVER_REQUESTED);
    decided(entry);
  }

  private boolean sentRecently(String key, Instant now) {
    Instant last = sentAt.get(key);
    return last != null && Duration.between(last, now).compareTo(RESEND_AFTER) < 0;
  }

  private void requestFreeze(Action.FreezeBaton action, boolean batonPlaced, Instant now) {
    AuditLog.Entry entry =
        new AuditLog.Entry(
            now,
            "freeze-requested",
            "baton",
            action.reason(),
            Map.of(
                "expectedEpoch",
                Long.toString(action.expectedEpoch()),
                "requestedBy",
                FLAP_LIMIT_REQUESTER));
    if (!batonPlaced) {
      DecisionLog.notCarriedOut(entry, "no baton in the table yet: nothing to freeze");
      return;
    }
    String key = "freeze@" + action.expectedEpoch();
    if (sentRecently(key, now)) {
      LOG.debug("{} already requested at {}; waiting for the promotion", key, sentAt.get(key));
      return;
    }
    ports
        .promotions()
        .requestPromotion(
            new PromotionRequest.Freeze(FLAP_LIMIT_REQUESTER, action.reason(), false));
    sentAt.put(key, now);
    decided(entry);
  }

  private void raise(Action.RaiseAlarm action, Instant now) {
    ports.metrics().count(AlarmMetrics.metricOf(action.alarm()));
    if (raised.contains(action.alarm())) {
      LOG.debug("alarm {} still raised: {}", action.alarm(), action.reason());
      return;
    }
    decided(
        new AuditLog.Entry(
            now,
            "alarm",
            action.alarm().name(),
            action.reason(),
            Map.of("metric", AlarmMetrics.metricOf(action.alarm()))));
  }

  /** How many audit entries wait for a retry (tests). */
  int pendingAudit() {
    return pendingAudit.size();
  }

  private void decided(AuditLog.Entry entry) {
    DecisionLog.decided(entry);
    writeAudit(new PendingAudit(entry, entry.contentId(), 0));
  }

  /** Tries every waiting entry once, oldest first; those failing again wait for the next turn. */
  private void retryPendingAudit() {
    int waiting = pendingAudit.size();
    for (int i = 0; i < waiting; i++) {
      writeAudit(pendingAudit.pollFirst());
    }
  }

  private void writeAudit(PendingAudit pending) {
    try {
      ports.audit().record(pending.entry(), pending.id());
      if (pending.failedAttempts() > 0) {
        LOG.info(
            "audit item {} {} ({}) written at attempt {}",
            pending.entry().kind(),
            pending.entry().subject(),
            pending.id(),
            pending.failedAttempts() + 1);
      }
    } catch (DependencyException e) {
      int failed = pending.failedAttempts() + 1;
      if (!e.retryable()) {
        auditLost(pending, failed, "a retry cannot fix it: " + e.getMessage());
      } else if (failed >= AUDIT_ATTEMPTS) {
        auditLost(pending, failed, "gave up after " + failed + " attempts: " + e.getMessage());
      } else {
        LOG.warn(
            "audit item {} {} ({}) not written (attempt {} of {}), retried with the next"
                + " evaluation: {}",
            pending.entry().kind(),
            pending.entry().subject(),
            pending.id(),
            failed,
            AUDIT_ATTEMPTS,
            e.getMessage());
        pendingAudit.addLast(new PendingAudit(pending.entry(), pending.id(), failed));
        while (pendingAudit.size() > MAX_PENDING_AUDIT) {
          PendingAudit oldest = pendingAudit.pollFirst();
          auditLost(
              oldest,
              oldest.failedAttempts(),
              "more than " + MAX_PENDING_AUDIT + " audit items wait for a retry");
        }
      }
    }
  }

  private void auditLost(PendingAudit pending, int attempts, String problem) {
    DecisionLog.auditLost(pending.entry(), pending.id(), attempts, problem);
    ports.metrics().count(MetricNames.AUDIT_WRITE_FAILED);
  }
}
