package dev.baton.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** The {@code AUDIT#<date>} items: every decision and manual action, with its reason. */
public interface AuditLog {

  void record(Entry entry);

  /**
   * One audited decision.
   *
   * @param at when it was decided
   * @param kind what kind of decision, e.g. {@code region-transition}, {@code failover-requested}
   * @param subject what it concerns, e.g. a region or a promotion id
   * @param reason one sentence a human can read
   * @param details extra facts (never a secret)
   */
  record Entry(
      Instant at, String kind, String subject, String reason, Map<String, String> details) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(kind, "kind");
      details = details == null ? Map.of() : Map.copyOf(details);
    }
  }
}
