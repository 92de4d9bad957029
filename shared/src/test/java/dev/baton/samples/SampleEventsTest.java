package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.local.BatonTable;
import dev.baton.store.HeartbeatItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sample events in events/ (fed to {@code sam local invoke} and to the handlers' tests) load
 * through the Lambda runtime's own serialization ({@code aws-lambda-java-tests} EventLoader) with
 * the records and fields the handlers read. Plain Jackson would silently read a DynamodbEvent with
 * no records; this is what Lambda would hand the function.
 */
class SampleEventsTest {
  private static final Path EVENTS = BatonTable.template().resolveSibling("events");
  private static final List<String> PROMOTION_EVENTS =
      List.of(
          "promotion-failback.json",
          "promotion-switchover.json",
          "promotion-freeze.json",
          "promotion-unfreeze.json",
          "promotion-resume.json",
          "promotion-reconcile.json",
          "promotion-dry-run.json");

  @Test
  void theStreamBatchHoldsAnInsertAModifyAndATtlRemovalOfHeartbeats() {
    DynamodbEvent event = EventLoader.loadDynamoDbEvent(file("stream-heartbeats.json"));

    assertThat(event.getRecords())
        .extracting(DynamodbStreamRecord::getEventName)
        .containsExactly("INSERT", "MODIFY", "REMOVE");
    assertThat(event.getRecords())
        .allSatisfy(
            r -> {
              assertThat(r.getEventSource()).isEqualTo("aws:dynamodb");
              assertThat(r.getEventSourceARN()).contains(":table/").contains("/stream/");
              assertThat(r.getDynamodb().getKeys().get("pk").getS()).startsWith("HB#");
              assertThat(r.getDynamodb().getSequenceNumber()).isNotBlank();
              assertThat(r.getDynamodb().getApproximateCreationDateTime()).isNotNull();
            });
  }

  @Test
  void insertAndModifyCarryHeartbeatsTheItemMapperReads() {
    List<DynamodbStreamRecord> records =
        EventLoader.loadDynamoDbEvent(file("stream-heartbeats.json")).getRecords();

    Heartbeat inserted = HeartbeatItems.fromItem(sdk(records.get(0).getDynamodb().getNewImage()));
    Heartbeat before = HeartbeatItems.fromItem(sdk(records.get(1).getDynamodb().getOldImage()));
    Heartbeat after = HeartbeatItems.fromItem(sdk(records.get(1).getDynamodb().getNewImage()));

    assertThat(inserted.region()).isEqualTo("nyc1");
    assertThat(inserted.status()).isEqualTo(HeartbeatStatus.HEALTHY);
    assertThat(inserted.checks()).containsKeys("app", "store");
    assertThat(after.instanceId()).isEqualTo(before.instanceId());
    assertThat(after.seq()).isGreaterThan(before.seq());
    assertThat(after.status()).isEqualTo(HeartbeatStatus.DEGRADED);
    assertThat(after.checks().get("app").ok()).isFalse();
    assertThat(after.sentAt()).isAfter(before.sentAt());
  }

  @Test
  void theTtlRemovalIsMarkedAsDoneByDynamoDbItself() {
    DynamodbStreamRecord removal =
        EventLoader.loadDynamoDbEvent(file("stream-heartbeats.json")).getRecords().get(2);

    assertThat(removal.getUserIdentity().getType()).isEqualTo("Service");
    assertThat(removal.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
    assertThat(removal.getDynamodb().getNewImage()).isNull();
    assertThat(HeartbeatItems.fromItem(sdk(removal.getDynamodb().getOldImage())).status())
        .isEqualTo(HeartbeatStatus.STALE);
  }

  @Test
  void theScheduledEventIsTheOneMinuteRule() {
    ScheduledEvent event = EventLoader.loadScheduledEvent(file("schedule.json"));

    assertThat(event.getSource()).isEqualTo("aws.events");
    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
    assertThat(Instant.ofEpochMilli(event.getTime().getMillis()))
        .isEqualTo(Instant.parse("2026-11-26T12:01:00Z"));
    assertThat(event.getResources()).singleElement().asString().contains(":rule/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "promotion-failback.json",
        "promotion-switchover.json",
        "promotion-freeze.json",
        "promotion-unfreeze.json",
        "promotion-resume.json",
        "promotion-reconcile.json",
        "promotion-dry-run.json"
      })
  void promotionRequestsCarryWhoAndWhy(String name) {
    Map<String, Object> request = request(name);

    assertThat(request.get("action"))
        .isIn("failback", "switchover", "freeze", "unfreeze", "resume", "reconcile");
    assertThat((String) request.get("requestedBy")).isNotBlank();
    assertThat((String) request.get("reason")).isNotBlank();
    assertThat(request.get("dryRun")).isInstanceOf(Boolean.class);
    switch ((String) request.get("action")) {
      case "failback", "switchover" -> {
        assertThat((String) request.get("to")).matches("[a-z]+[0-9]+");
        assertThat(request.get("force")).isEqualTo(false);
      }
      case "resume" ->
          assertThat((String) request.get("promotionId"))
              .as("an id as the promotion function makes them")
              .matches(dev.baton.promotion.PromotionService.PROMOTION_ID);
      default -> assertThat(request).doesNotContainKeys("to", "promotionId");
    }
  }

  @Test
  void eachPromotionSampleShowsWhatItsNameSays() {
    Map<String, Object> byFile =
        PROMOTION_EVENTS.stream()
            .collect(
                Collectors.toMap(
                    name -> name, name -> (Object) EventLoader.loadEvent(file(name), Map.class)));

    assertThat(byFile)
        .allSatisfy(
            (name, request) -> {
              Map<?, ?> fields = (Map<?, ?>) request;
              if (name.equals("promotion-dry-run.json")) {
                assertThat(fields.get("dryRun")).isEqualTo(true);
              } else {
                assertThat(name).isEqualTo("promotion-" + fields.get("action") + ".json");
                assertThat(fields.get("dryRun")).isEqualTo(false);
              }
            });
  }

  @Test
  void everySampleEventIsCoveredHere() throws IOException {
    List<String> covered =
        Stream.concat(
                Stream.of("stream-heartbeats.json", "schedule.json"), PROMOTION_EVENTS.stream())
            .toList();
    try (Stream<Path> files = Files.list(EVENTS)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(covered);
    }
  }

  /** A promotion request as the Lambda runtime hands a {@code Map} handler its input. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> request(String name) {
    return EventLoader.loadEvent(file(name), Map.class);
  }

  private static String file(String name) {
    return EVENTS.resolve(name).toString();
  }

  /** The Lambda event model's attribute values as the SDK's (what the handler converts). */
  private static Map<String, AttributeValue> sdk(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    return image.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> sdk(e.getValue())));
  }

  private static AttributeValue sdk(
      com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
    if (value.getS() != null) {
      return AttributeValue.fromS(value.getS());
    }
    if (value.getN() != null) {
      return AttributeValue.fromN(value.getN());
    }
    if (value.getBOOL() != null) {
      return AttributeValue.fromBool(value.getBOOL());
    }
    if (value.getM() != null) {
      return AttributeValue.fromM(sdk(value.getM()));
    }
    throw new IllegalArgumentException("sample uses an attribute type this test does not map");
  }
}
