package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.port.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** The audit items the adapter writes, pinned. */
class DynamoAuditLogTest {
  private static final Instant AT = Instant.parse("2026-11-26T09:05:03.007Z");
  private final RecordingDynamoDb dynamo = new RecordingDynamoDb();
  private final DynamoAuditLog audit =
      new DynamoAuditLog(dynamo, "baton", Duration.ofDays(90), new SplittableRandom(1));
  private final AuditLog.Entry entry =
      new AuditLog.Entry(
          AT, "region-transition", "nyc1", "nyc1 is SUSPECT: 0 of 2 up", Map.of("to", "SUSPECT"));

  @Test
  void anEntryIsWrittenOnceUnderItsDayWithAnExpiry() {
    dynamo.puts.add(r -> PutItemResponse.builder().build());

    audit.record(entry);

    PutItemRequest request = dynamo.requestsOf(PutItemRequest.class).get(0);
    assertThat(request.conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
    assertThat(request.item().get("pk")).isEqualTo(AttributeValue.fromS("AUDIT#2026-11-26"));
    assertThat(request.item().get("sk").s()).matches("2026-11-26T09:05:03\\.007Z#[0-9a-f]{16}");
    assertThat(request.item().get("expiresAt"))
        .isEqualTo(
            AttributeValue.fromN(Long.toString(AT.plus(Duration.ofDays(90)).getEpochSecond())));
    assertThat(AuditItems.fromItem(request.item())).isEqualTo(entry);
  }

  @Test
  void anIdCollisionDrawsAnotherIdInsteadOfOverwriting() {
    dynamo.puts.add(
        r -> {
          throw ConditionalCheckFailedException.builder().message("exists").build();
        });
    dynamo.puts.add(r -> PutItemResponse.builder().build());

    audit.record(entry);

    var requests = dynamo.requestsOf(PutItemRequest.class);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).item().get("sk")).isNotEqualTo(requests.get(1).item().get("sk"));
  }
}
