package dev.baton.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.TextTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** {@code baton history}: one line per entry for people, or one JSON document for scripts. */
public final class HistoryView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HistoryView() {}

  /**
   * A table, newest first: time, kind, from -> to, epoch, who, status (with the failed step), and
   * the reason sentence last (it is the long one); then the failures' details and any unreadable
   * item.
   */
  public static String table(History h) {
    StringBuilder out = new StringBuilder();
    if (h.entries().isEmpty()) {
      out.append("no promotions, mode changes or refused requests since ")
          .append(time(h.since()))
          .append('\n');
    } else {
      TextTable t = new TextTable("TIME", "KIND", "MOVE", "EPOCH", "BY", "STATUS", "REASON");
      for (HistoryEntry e : h.entries()) {
        t.row(
            time(e.at()),
            e.kind(),
            move(e),
            e.epoch(),
            e.requestedBy().isEmpty() ? "-" : e.requestedBy(),
            e.failedStep() == null ? e.status() : e.status() + " at " + e.failedStep(),
            e.reason().isEmpty() ? "-" : e.reason());
      }
      out.append(t);
      for (HistoryEntry e : h.entries()) {
        if (e.failedStep() != null) {
          out.append('\n')
              .append(e.promotionId() == null ? e.kind() : e.promotionId())
              .append(" failed at ")
              .append(e.failedStep())
              .append(": ")
              .append(e.failure() == null || e.failure().isEmpty() ? "-" : e.failure())
              .append("\n  continue it with: baton resume ")
              .append(e.promotionId())
              .append(" --reason '...'\n");
        }
      }
    }
    for (String p : h.problems()) {
      out.append("problem: ").append(p).append('\n');
    }
    return out.toString();
  }

  /** Every field of every entry; absent values are null. */
  public static ObjectNode json(History h) {
    ObjectNode root = JSON.createObjectNode();
    root.put("since", h.since().toString());
    ArrayNode entries = root.putArray("entries");
    for (HistoryEntry e : h.entries()) {
      ObjectNode n = entries.addObject();
      n.put("at", e.at().toString());
      n.put("kind", e.kind());
      n.put("from", e.from());
      n.put("to", e.to());
      n.put("epoch", e.epoch());
      n.put("requestedBy", e.requestedBy());
      n.put("reason", e.reason());
      n.put("status", e.status());
      n.put("failedStep", e.failedStep());
      n.put("failure", e.failure());
      n.put("promotionId", e.promotionId());
      n.put("decision", e.decision());
      ArrayNode evidence = n.putArray("evidence");
      e.evidence().forEach(evidence::add);
    }
    ArrayNode problems = root.putArray("problems");
    h.problems().forEach(problems::add);
    return root;
  }

  private static String move(HistoryEntry e) {
    if (e.from() == null && e.to() == null) {
      return "-";
    }
    return (e.from() == null ? "?" : e.from()) + " -> " + (e.to() == null ? "?" : e.to());
  }

  private static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
