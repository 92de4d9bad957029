package dev.baton.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The {@code AUDIT#<date>} items: every decision and manual action, with its reason. */
public interface AuditLog {

  /** Writes {@code entry} under an id of the log's choosing (a new item on every call). */
  void record(Entry entry);

  /**
   * Writes {@code entry} under {@code id}, idempotently: writing the same entry under the same id
   * again (a retry after a lost answer) leaves one item, so a decision's audit record can be
   * retried until it lands. Logs with no item ids of their own (in-memory logs) may ignore {@code
   * id}.
   *
   * @param id e.g. {@link Entry#contentId()}
   */
  default void record(Entry entry, String id) {
    record(entry);
  }

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

    /**
     * An id derived from every field (16 hex digits of a SHA-256): the same decision gets the same
     * id on every attempt to write it, so a retried write cannot leave two items.
     */
    public String contentId() {
      StringBuilder text =
          new StringBuilder()
              .append(at.toEpochMilli())
              .append('\u0000')
              .append(kind)
              .append('\u0000')
              .append(subject)
              .append('\u0000')
              .append(reason);
      new TreeMap<>(details)
          .forEach((k, v) -> text.append('\u0000').append(k).append('=').append(v));
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform must provide SHA-256", e);
      }
    }
  }
}
