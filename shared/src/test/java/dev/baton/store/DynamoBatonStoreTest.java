package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.port.BatonStore.ClaimOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

class DynamoBatonStoreTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb();
  private final DynamoBatonStore store = new DynamoBatonStore(dynamo, "baton", Duration.ofHours(2));

  private static Baton baton(String region, long epoch, List<Instant> autos) {
    return new Baton(region, epoch, BatonMode.AUTO, T0, "why", "p-1", autos, 3);
  }

  @Test
  void readIsStronglyConsistent() {
    dynamo.storedItem = BatonItems.toItem(baton("nyc1", 3, List.of()));

    assertThat(store.read()).contains(baton("nyc1", 3, List.of()));
    assertThat(dynamo.requestsOf(GetItemRequest.class).get(0).consistentRead()).isTrue();
  }

  @Test
  void claimIsConditionalOnTheEpochAndTheActiveRegion() {
    dynamo.storedItem = BatonItems.toItem(baton("nyc1", 3, List.of()));
    dynamo.updates.add(
        r ->
            UpdateItemResponse.builder()
                .attributes(BatonItems.toItem(baton("ams3", 4, List.of(T0))))
                .build());

    ClaimOutcome outcome = store.claim(3, "nyc1", "ams3", "p-2", true, "nyc1 unhealthy", T0);

    assertThat(outcome).isInstanceOf(ClaimOutcome.Claimed.class);
    UpdateItemRequest sent = dynamo.requestsOf(UpdateItemRequest.class).get(0);
    // An automatic claim also needs the mode still AUTO: a freeze is atomic with it.
    assertThat(sent.conditionExpression())
        .isEqualTo("#epoch = :expected AND #activeRegion = :from AND #mode = :auto");
    assertThat(sent.expressionAttributeNames())
        .containsEntry("#epoch", "epoch")
        .containsEntry("#activeRegion", "activeRegion")
        .containsEntry("#mode", "mode");
    assertThat(sent.expressionAttributeValues().get(":auto").s()).isEqualTo("AUTO");
    // The claim revokes: the new region is named but not granted.
    assertThat(sent.updateExpression())
        .isEqualTo(
            "SET #activeRegion = :to, #epoch = :next, #since = :now, #reason = :reason,"
                + " #promotionId = :promotionId, #autoPromotions = :autoPromotions,"
                + " #granted = :false ADD #version :one");
    assertThat(sent.expressionAttributeValues().get(":false").bool()).isFalse();
    Map<String, AttributeValue> values = sent.expressionAttributeValues();
    assertThat(values.get(":expected").n()).isEqualTo("3");
    assertThat(values.get(":from").s()).isEqualTo("nyc1");
    assertThat(values.get(":to").s()).isEqualTo("ams3");
    assertThat(values.get(":next").n()).isEqualTo("4");
    assertThat(values.get(":promotionId").s()).isEqualTo("p-2");
    assertThat(values.get(":autoPromotions").l())
        .extracting(AttributeValue::n)
        .containsExactly(Long.toString(T0.toEpochMilli()));
  }

  @Test
  void automaticClaimAppendsItsTimeAndDropsTimesOlderThanTheRetention() {
    Instant old = T0.minus(Duration.ofHours(3));
    Instant recent = T0.minus(Duration.ofMinutes(30));
    dynamo.storedItem = BatonItems.toItem(baton("nyc1", 3, List.of(old, recent)));
    dynamo.updates.add(
        r ->
            UpdateItemResponse.builder()
                .attributes(BatonItems.toItem(baton("ams3", 4, List.of())))
                .build());

    store.claim(3, "nyc1", "ams3", "p-2", true, "nyc1 unhealthy", T0);

    assertThat(
            dynamo
                .requestsOf(UpdateItemRequest.class)
                .get(0)
                .expressionAttributeValues()
                .get(":autoPromotions")
                .l())
        .extracting(AttributeValue::n)
        .containsExactly(Long.toString(recent.toEpochMilli()), Long.toString(T0.toEpochMilli()));
  }

  @Test
  void manualClaimDoesNotCountAsAnAutomaticPromotion() {
    Instant recent = T0.minus(Duration.ofMinutes(30));
    dynamo.storedItem = BatonItems.toItem(baton("ams3", 4, List.of(recent)));
    dynamo.updates.add(
        r ->
            UpdateItemResponse.builder()
                .attributes(BatonItems.toItem(baton("nyc1", 5, List.of())))
                .build());

    store.claim(4, "ams3", "nyc1", "p-3", false, "failback", T0);

    assertThat(
            dynamo
                .requestsOf(UpdateItemRequest.class)
                .get(0)
                .expressionAttributeValues()
                .get(":autoPromotions")
                .l())
        .extracting(AttributeValue::n)
        .containsExactly(Long.toString(recent.toEpochMilli()));
  }

  @Test
  void claimWithAStaleEpochWritesNothingAndReturnsTheCurrentBaton() {
    dynamo.storedItem = BatonItems.toItem(baton("ams3", 5, List.of()));

    ClaimOutcome outcome = store.claim(3, "nyc1", "ams3", "p-2", true, "nyc1 unhealthy", T0);

    assertThat(outcome)
        .isEqualTo(new ClaimOutcome.EpochMoved(java.util.Optional.of(baton("ams3", 5, List.of()))));
    assertThat(dynamo.requestsOf(UpdateItemRequest.class)).isEmpty();
  }

  @Test
  void lostConditionalClaimBecomesEpochMovedWithTheBatonFromTheFailedCondition() {
    dynamo.storedItem = BatonItems.toItem(baton("nyc1", 3, List.of()));
    Baton winner = baton("ams3", 4, List.of());
    dynamo.updates.add(
        r -> {
          throw ConditionalCheckFailedException.builder()
              .message("The conditional request failed")
              .item(BatonItems.toItem(winner))
              .build();
        });

    ClaimOutcome outcome = store.claim(3, "nyc1", "ams3", "p-2", true, "nyc1 unhealthy", T0);

    assertThat(outcome).isEqualTo(new ClaimOutcome.EpochMoved(java.util.Optional.of(winner)));
    assertThat(
            dynamo
                .requestsOf(UpdateItemRequest.class)
                .get(0)
                .returnValuesOnConditionCheckFailureAsString())
        .isEqualTo("ALL_OLD");
  }

  @Test
  void lostConditionalClaimWithoutTheOldItemReReadsTheBaton() {
    dynamo.storedItem = BatonItems.toItem(baton("nyc1", 3, List.of()));
    dynamo.updates.add(
        r -> {
          dynamo.storedItem = BatonItems.toItem(baton("sfo3", 4, List.of()));
          throw ConditionalCheckFailedException.builder().message("failed").build();
        });

    ClaimOutcome outcome = store.claim(3, "nyc1", "ams3", "p-2", true, "nyc1 unhealthy", T0);

    assertThat(outcome)
        .isEqualTo(new ClaimOutcome.EpochMoved(java.util.Optional.of(baton("sfo3", 4, List.of()))));
  }

  @Test
  void setModeIsConditionalOnTheEpochOnly() {
    dynamo.updates.add(
        r ->
            UpdateItemResponse.builder()
                .attributes(BatonItems.toItem(baton("nyc1", 3, List.of())))
                .build());

    store.setMode(3, BatonMode.FROZEN, "flap limit", T0);

    UpdateItemRequest sent = dynamo.requestsOf(UpdateItemRequest.class).get(0);
    assertThat(sent.conditionExpression()).isEqualTo("#epoch = :expected");
    assertThat(sent.updateExpression())
        .isEqualTo("SET #mode = :mode, #since = :now, #reason = :reason ADD #version :one");
    assertThat(sent.expressionAttributeValues().get(":mode").s()).isEqualTo("FROZEN");
    assertThat(sent.expressionAttributeValues().get(":expected").n()).isEqualTo("3");
  }

  @Test
  void unfreezeAlsoForgetsTheRecentAutomaticPromotions() {
    dynamo.updates.add(
        r ->
            UpdateItemResponse.builder()
                .attributes(BatonItems.toItem(baton("nyc1", 3, List.of())))
                .build());

    store.setMode(3, BatonMode.AUTO, "acknowledged", T0);

    UpdateItemRequest sent = dynamo.requestsOf(UpdateItemRequest.class).get(0);
    assertThat(sent.conditionExpression()).isEqualTo("#epoch = :expected");
    assertThat(sent.updateExpression())
        .isEqualTo(
            "SET #mode = :mode, #since = :now, #reason = :reason, #autoPromotions = :none"
                + " ADD #version :one");
    assertThat(sent.expressionAttributeValues().get(":none").l()).isEmpty();
  }

  @Test
  void initializeNeverOverwritesAnExistingBaton() {
    Baton existing = baton("ams3", 7, List.of());
    dynamo.puts.add(
        r -> {
          throw ConditionalCheckFailedException.builder()
              .message("exists")
              .item(BatonItems.toItem(existing))
              .build();
        });

    Baton stored = store.initialize(Baton.initial("nyc1", T0));

    assertThat(stored).isEqualTo(existing);
    assertThat(dynamo.requestsOf(PutItemRequest.class).get(0).conditionExpression())
        .isEqualTo("attribute_not_exists(#pk)");
    assertThat(dynamo.requestsOf(PutItemRequest.class).get(0).expressionAttributeNames())
        .containsEntry("#pk", "pk");
  }
}
