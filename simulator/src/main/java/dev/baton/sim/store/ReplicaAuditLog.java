package dev.baton.sim.store;

import dev.baton.port.AuditLog;
import dev.baton.store.AuditItems;
import dev.baton.store.SdkFailures;
import java.time.Duration;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The audit items through one {@link TablePath}, as {@code DynamoAuditLog}: a random id (seeded
 * here) in the sort key, the put conditional on the key being free, three draws at most.
 */
public final class ReplicaAuditLog implements AuditLog {
  private static final int ID_ATTEMPTS = 3;

  private final TablePath path;
  private final Duration retention;
  private final RandomGenerator random;

  public ReplicaAuditLog(TablePath path, Duration retention, RandomGenerator random) {
    this.path = path;
    this.retention = retention;
    this.random = random;
  }

  @Override
  public void record(Entry entry) {
    for (int attempt = 1; ; attempt++) {
      String id = HexFormat.of().toHexDigits(random.nextLong());
      try {
        path.put(AuditItems.toItem(entry, id, retention), Conditions.absent());
        return;
      } catch (ConditionalCheckFailedException e) {
        if (attempt >= ID_ATTEMPTS) {
          throw SdkFailures.translate("dynamodb", "write audit item (ids kept colliding)", e);
        }
      } catch (SdkException e) {
        throw SdkFailures.translate("dynamodb", "write audit item " + entry.kind(), e);
      }
    }
  }
}
