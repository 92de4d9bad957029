package dev.baton.sim.store;

import dev.baton.promotion.JournalConflict;
import dev.baton.promotion.PromotionJournal;
import dev.baton.promotion.PromotionRecord;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.store.SdkFailures;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The promotion items through one {@link TablePath}, stored with the production codec: created on
 * the item's absence, replaced on {@code #revision = :expected}.
 */
public final class ReplicaPromotionJournal implements PromotionJournal {
  private final TablePath path;

  public ReplicaPromotionJournal(TablePath path) {
    this.path = path;
  }

  @Override
  public Optional<PromotionRecord> load(String promotionId) {
    try {
      return path.get(ItemKey.of(DynamoPromotionJournal.key(promotionId)))
          .map(DynamoPromotionJournal::fromItem);
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "read promotion " + promotionId, e);
    }
  }

  @Override
  public PromotionRecord save(PromotionRecord record) {
    PromotionRecord next = record.withRevision(record.revision() + 1);
    try {
      path.put(
          DynamoPromotionJournal.toItem(next),
          record.revision() == 0
              ? Conditions.absent()
              : Conditions.numberEquals(DynamoPromotionJournal.REVISION, record.revision()));
      return next;
    } catch (ConditionalCheckFailedException e) {
      throw new JournalConflict(record.id(), record.revision());
    } catch (SdkException e) {
      throw SdkFailures.translate("dynamodb", "journal promotion " + record.id(), e);
    }
  }
}
