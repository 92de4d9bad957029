package dev.baton.promotion;

import dev.baton.domain.PromotionRequest;
import dev.baton.observability.DecisionLog;
import dev.baton.port.AuditLog;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the promotion function decided and did: a decision log line and an audit item.
 * Losing an audit item must not stop a failover, so a failed write is logged, not thrown.
 */
final class PromotionAudit {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionAudit.class);

  private final AuditLog audit;
  private final Clock clock;

  PromotionAudit(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  void record(String kind, String subject, String reason, Map<String, String> details) {
    AuditLog.Entry entry = new AuditLog.Entry(clock.instant(), kind, subject, reason, details);
    DecisionLog.decided(entry);
    try {
      audit.record(entry);
    } catch (RuntimeException e) {
      LOG.error("could not audit {} {} ({}): {}", kind, subject, reason, StepAttempts.describe(e));
    }
  }

  /** The facts of a request worth keeping with its decision. */
  static Map<String, String> details(PromotionRequest request) {
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
    } else if (request instanceof PromotionRequest.Reconcile reconcile
        && reconcile.expectedEpoch() != null) {
      details.put("expectedEpoch", Long.toString(reconcile.expectedEpoch()));
    }
    return details;
  }
}
