package dev.baton.cli.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.domain.PromotionKind;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code baton history}: which items become entries, in which order, and how they print. */
class HistoryViewTest {
  private static final Instant T = Instant.parse("2026-11-26T12:00:00.250Z");

  private static PromotionRecord promotion(
      String id,
      PromotionKind kind,
      Instant at,
      long epoch,
      String by,
      String reason,
      PromotionStatus status,
      List<StepRecord> steps) {
    return new PromotionRecord(
        id,
        kind,
        "nyc1",
        "ams3",
        epoch == 0 ? 1 : epoch - 1,
        epoch,
        by,
        reason,
        "nyc1 UNHEALTHY and ams3 HEALTHY: the rules allow it",
        List.of("nyc1 UNHEALTHY since " + at),
        false,
        false,
        status,
        steps,
        at,
        at,
        1,
        List.of());
  }

  private final PromotionRecord failover =
      promotion(
          "20261126T120000Z-aaaaaa",
          PromotionKind.AUTO_FAILOVER,
          T,
          2,
          "baton:health-transition",
          "nyc1 is UNHEALTHY: 0 of 2 instances up for 15s",
          PromotionStatus.SUCCEEDED,
          List.of(StepRecord.pending("validate").attempt(T).succeeded("ok", T)));

  private final PromotionRecord failback =
      promotion(
          "20261126T130000Z-bbbbbb",
          PromotionKind.FAILBACK,
          T.plusSeconds(3600),
          0,
          "alice",
          "nyc1 is back",
          PromotionStatus.FAILED,
          List.of(
              StepRecord.pending("claim").attempt(T).succeeded("claimed", T),
              StepRecord.pending("shift:cloudflare-dns")
                  .attempt(T)
                  .failed("Cloudflare answered 403: token lacks Zone.DNS edit", T)));

  private final AuditLog.Entry freeze =
      new AuditLog.Entry(
          T.plusSeconds(1800),
          "mode-changed",
          "FROZEN",
          "freeze allowed: automation was AUTO",
          Map.of("action", "freeze", "requestedBy", "bob", "requestReason", "db migration"));

  private final AuditLog.Entry refused =
      new AuditLog.Entry(
          T.plusSeconds(2400),
          "not-acting",
          "failover",
          "not acting: automation is FROZEN",
          Map.of("action", "failover", "from", "ams3", "to", "nyc1", "requestedBy", "baton:x"));

  private final AuditLog.Entry transition =
      new AuditLog.Entry(T, "region-transition", "nyc1", "nyc1 UNHEALTHY", Map.of());

  private final AuditLog.Entry started =
      new AuditLog.Entry(T, "promotion-started", failover.id(), "allowed", Map.of());

  @Test
  void promotionsComeFromTheJournalAndModeChangesAndRefusalsFromTheAuditNewestFirst() {
    List<HistoryEntry> entries =
        HistoryEntries.of(
            List.of(failover, failback), List.of(freeze, refused, transition, started), 10);
    assertThat(entries)
        .extracting(HistoryEntry::kind)
        .containsExactly("failback", "failover", "freeze", "failover");
    assertThat(entries)
        .extracting(HistoryEntry::status)
        .containsExactly("FAILED", "NOT-ACTING", "DONE", "SUCCEEDED");
    HistoryEntry back = entries.get(0);
    assertThat(back.failedStep()).isEqualTo("shift:cloudflare-dns");
    assertThat(back.failure()).contains("token lacks Zone.DNS edit");
    assertThat(back.epoch()).as("never claimed").isNull();
    HistoryEntry frozen = entries.get(2);
    assertThat(frozen.requestedBy()).isEqualTo("bob");
    assertThat(frozen.reason()).isEqualTo("db migration");
    assertThat(entries.get(1).reason()).isEqualTo("not acting: automation is FROZEN");
    assertThat(HistoryEntries.of(List.of(failover, failback), List.of(freeze), 2))
        .extracting(HistoryEntry::kind)
        .containsExactly("failback", "freeze");
  }

  @Test
  void eachEntryIsOneLineWithTimeKindMoveEpochWhoStatusAndReason() {
    History h =
        new History(
            T.minusSeconds(86400),
            HistoryEntries.of(List.of(failover, failback), List.of(freeze), 10),
            List.of());
    String text = HistoryView.table(h);
    List<String> lines = text.lines().toList();
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly("TIME", "KIND", "MOVE", "EPOCH", "BY", "STATUS", "REASON");
    assertThat(lines.get(1).split("\\s{2,}"))
        .containsExactly(
            "2026-11-26T13:00:00Z",
            "failback",
            "nyc1 -> ams3",
            "-",
            "alice",
            "FAILED at shift:cloudflare-dns",
            "nyc1 is back");
    assertThat(lines.get(2).split("\\s{2,}"))
        .containsExactly("2026-11-26T12:30:00Z", "freeze", "-", "-", "bob", "DONE", "db migration");
    assertThat(lines.get(3).split("\\s{2,}"))
        .containsExactly(
            "2026-11-26T12:00:00Z",
            "failover",
            "nyc1 -> ams3",
            "2",
            "baton:health-transition",
            "SUCCEEDED",
            "nyc1 is UNHEALTHY: 0 of 2 instances up for 15s");
    assertThat(text)
        .contains(
            "20261126T130000Z-bbbbbb failed at shift:cloudflare-dns: Cloudflare answered 403:"
                + " token lacks Zone.DNS edit\n  continue it with: baton resume"
                + " 20261126T130000Z-bbbbbb");
  }

  @Test
  void anEmptyWindowAndUnreadableItemsAreSaid() {
    String text =
        HistoryView.table(
            new History(T, List.of(), List.of("audit item AUDIT#2026-11-26/x cannot be read: at")));
    assertThat(text)
        .isEqualTo(
            "no promotions, mode changes or refused requests since 2026-11-26T12:00:00Z\n"
                + "problem: audit item AUDIT#2026-11-26/x cannot be read: at\n");
  }

  @Test
  void jsonHasEveryFieldWithNullsForAbsentOnes() {
    JsonNode json =
        HistoryView.json(
            new History(
                T, HistoryEntries.of(List.of(failover, failback), List.of(), 10), List.of()));
    JsonNode back = json.get("entries").get(0);
    assertThat(back.get("kind").asText()).isEqualTo("failback");
    assertThat(back.get("epoch").isNull()).isTrue();
    assertThat(back.get("failedStep").asText()).isEqualTo("shift:cloudflare-dns");
    assertThat(back.get("promotionId").asText()).isEqualTo("20261126T130000Z-bbbbbb");
    JsonNode over = json.get("entries").get(1);
    assertThat(over.get("epoch").asLong()).isEqualTo(2);
    assertThat(over.get("failedStep").isNull()).isTrue();
    assertThat(over.get("decision").asText()).contains("the rules allow it");
    assertThat(over.get("evidence").get(0).asText()).startsWith("nyc1 UNHEALTHY since");
    assertThat(json.get("since").asText()).isEqualTo(T.toString());
    assertThat(json.get("problems")).isEmpty();
  }
}
