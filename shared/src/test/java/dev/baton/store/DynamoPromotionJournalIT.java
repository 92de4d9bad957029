package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.PromotionKind;
import dev.baton.local.BatonTable;
import dev.baton.promotion.JournalConflict;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.testkit.MotoExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;

@ExtendWith(MotoExtension.class)
class DynamoPromotionJournalIT {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private final DynamoDbClient dynamo;
  private DynamoPromotionJournal journal;

  DynamoPromotionJournalIT(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  @BeforeEach
  void freshTable() {
    if (dynamo.listTables().tableNames().contains(BatonTable.DEFAULT_NAME)) {
      dynamo.deleteTable(DeleteTableRequest.builder().tableName(BatonTable.DEFAULT_NAME).build());
    }
    BatonTable.create(dynamo);
    journal = new DynamoPromotionJournal(dynamo, BatonTable.DEFAULT_NAME);
  }

  static PromotionRecord promotion() {
    List<StepRecord> steps =
        List.of(
            StepRecord.pending("validate").attempt(T0).succeeded("rules passed", T0),
            StepRecord.pending("claim"),
            StepRecord.pending("shift:do-global-lb"),
            StepRecord.pending("verify:do-global-lb"),
            StepRecord.pending("notify"));
    return new PromotionRecord(
        "20250301T100000Z-abc123",
        PromotionKind.FAILBACK,
        "ams3",
        "nyc1",
        4,
        0,
        "alice",
        "nyc1 is back",
        "manual failback from ams3 to nyc1 at epoch 4 FORCED by alice",
        List.of("evidence one", "evidence two"),
        true,
        false,
        PromotionStatus.RUNNING,
        steps,
        T0,
        T0,
        0,
        List.of());
  }

  @Test
  void aSavedPromotionLoadsBackEqualWithItsStepsInOrder() {
    PromotionRecord saved = journal.save(promotion());
    PromotionRecord progressed =
        journal.save(
            saved
                .withEpoch(5, T0.plusSeconds(1))
                .withStep(
                    saved
                        .step("claim")
                        .orElseThrow()
                        .attempt(T0)
                        .succeeded("claimed", T0.plusSeconds(1)),
                    T0.plusSeconds(1))
                .withHistory("resumed by bob", T0.plusSeconds(2)));

    assertThat(journal.load(saved.id())).contains(progressed);
    assertThat(progressed.revision()).isEqualTo(2);
    assertThat(progressed.steps())
        .extracting(StepRecord::name)
        .containsExactly(
            "validate", "claim", "shift:do-global-lb", "verify:do-global-lb", "notify");
    assertThat(journal.load("20250301T100000Z-ffffff")).isEmpty();
  }

  @Test
  void aWriteFromAStaleRevisionIsAConflictAndChangesNothing() {
    PromotionRecord first = journal.save(promotion());
    PromotionRecord second = journal.save(first.withStatus(PromotionStatus.FAILED, T0));

    assertThatThrownBy(() -> journal.save(first.withStatus(PromotionStatus.SUCCEEDED, T0)))
        .isInstanceOf(JournalConflict.class)
        .hasMessageContaining("revision 1");
    assertThatThrownBy(() -> journal.save(promotion())).isInstanceOf(JournalConflict.class);
    assertThat(journal.load(first.id())).contains(second);
  }
}
