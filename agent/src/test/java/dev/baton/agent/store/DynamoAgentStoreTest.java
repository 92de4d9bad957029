package dev.baton.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.store.MalformedItemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class DynamoAgentStoreTest {

  @Test
  void theHeartbeatWriteIsConditionalOnSeqAdvancing() {
    DynamoAgentStore store = new DynamoAgentStore(null, "baton", Duration.ofSeconds(2));
    Heartbeat beat =
        new Heartbeat(
            "nyc1",
            "web-1",
            HeartbeatStatus.HEALTHY,
            1234,
            Instant.parse("2026-03-01T12:00:00Z"),
            Map.of("app", new Check(true, 3, "status 200 in 3 ms")),
            "1.0",
            null);

    PutItemRequest put = store.putRequest(beat, Instant.parse("2026-03-01T13:00:00Z"));

    // Pinned: changing this condition changes what a restarted agent may overwrite.
    // A stored seq beyond 2^53 - 1 or not a number is replaced: none could ever be written above.
    assertThat(put.conditionExpression())
        .isEqualTo(
            "attribute_not_exists(#seq) OR NOT attribute_type(#seq, :number)"
                + " OR #seq < :seq OR #seq > :maxSeq");
    assertThat(put.expressionAttributeNames()).isEqualTo(Map.of("#seq", "seq"));
    assertThat(put.expressionAttributeValues())
        .isEqualTo(
            Map.of(
                ":seq", AttributeValue.fromN("1234"),
                ":maxSeq", AttributeValue.fromN("9007199254740991"),
                ":number", AttributeValue.fromS("N")));
    assertThat(put.returnValuesOnConditionCheckFailure())
        .isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    assertThat(put.tableName()).isEqualTo("baton");
    assertThat(put.item().get("pk").s()).isEqualTo("HB#nyc1");
    assertThat(put.item().get("sk").s()).isEqualTo("web-1");
    assertThat(put.item().get("expiresAt").n()).isEqualTo("1772370000");
    assertThat(put.overrideConfiguration())
        .hasValueSatisfying(o -> assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(2)));
  }

  @Test
  void aStoredSeqThatBreaksTheRuleIsMalformedNamingTheFieldAndTheRule() {
    for (String seq : List.of("9007199254740992", "99999999999999999999", "-1", "1.5")) {
      assertThatThrownBy(() -> DynamoAgentStore.seqOf(Map.of("seq", AttributeValue.fromN(seq))))
          .as(seq)
          .isInstanceOf(MalformedItemException.class)
          .hasMessageStartingWith(
              "seq: must be a whole number from 0 to 9007199254740991 (2^53 - 1), was");
    }
    assertThat(DynamoAgentStore.seqOf(Map.of("seq", AttributeValue.fromN("9007199254740991"))))
        .hasValue(9007199254740991L);
  }

  @Test
  void aBeatWithASeqBeyondTheMaximumIsNeverSent() {
    DynamoAgentStore store = new DynamoAgentStore(null, "baton", Duration.ofSeconds(2));
    Heartbeat beat =
        new Heartbeat(
            "nyc1",
            "web-1",
            HeartbeatStatus.HEALTHY,
            9007199254740992L,
            Instant.parse("2026-03-01T12:00:00Z"),
            Map.of(),
            "1.0",
            null);

    assertThatThrownBy(() -> store.putRequest(beat, Instant.parse("2026-03-01T13:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq must be a whole number from 0 to 9007199254740991");
  }
}
