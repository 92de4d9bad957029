package dev.baton.cli.history;

import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.StepRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns promotions (the journal: the truth of what moved the baton) and audit items (mode changes,
 * refused requests, the first placement) into history entries, newest first. Pure: the reader does
 * the I/O.
 */
public final class HistoryEntries {
  static final String DONE = "DONE";
  static final String NOT_ACTING = "NOT-ACTING";

  private HistoryEntries() {}

  /** Newest first; at most {@code limit}. */
  public static List<HistoryEntry> of(
      List<PromotionRecord> promotions, List<AuditLog.Entry> audit, int limit) {
    List<HistoryEntry> entries = new ArrayList<>();
    promotions.forEach(p -> entries.add(promotion(p)));
    for (AuditLog.Entry a : audit) {
      fromAudit(a).ifPresent(entries::add);
    }
    entries.sort(Comparator.comparing(HistoryEntry::at).reversed());
    return entries.subList(0, Math.min(limit, entries.size()));
  }

  static HistoryEntry promotion(PromotionRecord p) {
    Optional<StepRecord> failed = p.failedStep();
    return new HistoryEntry(
        p.createdAt(),
        switch (p.kind()) {
          case AUTO_FAILOVER -> "failover";
          case FAILBACK -> "failback";
          case SWITCHOVER -> "switchover";
          case RECONCILE -> "reconcile";
        },
        p.from(),
        p.to(),
        p.claimed() ? p.epoch() : null,
        p.requestedBy(),
        p.reason().isBlank() ? p.decision() : p.reason(),
        p.status().name(),
        failed.map(StepRecord::name).orElse(null),
        failed.map(StepRecord::detail).orElse(null),
        p.id(),
        p.decision().isBlank() ? null : p.decision(),
        p.evidence());
  }

  /**
   * The audit items that are not promotions: mode changes, refused requests, the first placement.
   * Promotion items are read from the journal instead, which has their final status.
   */
  static Optional<HistoryEntry> fromAudit(AuditLog.Entry a) {
    Map<String, String> d = a.details();
    return switch (a.kind()) {
      case "mode-changed" ->
          Optional.of(
              new HistoryEntry(
                  a.at(),
                  "FROZEN".equals(a.subject()) ? "freeze" : "unfreeze",
                  null,
                  null,
                  null,
                  d.get("requestedBy"),
                  blankTo(d.get("requestReason"), a.reason()),
                  DONE,
                  null,
                  null,
                  null,
                  a.reason(),
                  List.of()));
      case "not-acting" ->
          Optional.of(
              new HistoryEntry(
                  a.at(),
                  blankTo(d.get("action"), a.subject()),
                  d.get("from"),
                  d.get("to"),
                  null,
                  d.get("requestedBy"),
                  a.reason(),
                  NOT_ACTING,
                  null,
                  null,
                  d.get("promotionId"),
                  null,
                  List.of()));
      case "baton-placed" ->
          Optional.of(
              new HistoryEntry(
                  a.at(),
                  "placed",
                  null,
                  a.subject(),
                  epoch(d.get("epoch")),
                  "baton",
                  a.reason(),
                  DONE,
                  null,
                  null,
                  null,
                  null,
                  List.of()));
      default -> Optional.empty();
    };
  }

  private static Long epoch(String text) {
    if (text == null || !text.matches("\\d+")) {
      return null;
    }
    return Long.parseLong(text);
  }

  private static String blankTo(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value;
  }
}
