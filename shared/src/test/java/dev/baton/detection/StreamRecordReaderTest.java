package dev.baton.detection;

import static dev.baton.domain.HeartbeatStatus.HEALTHY;
import static dev.baton.testing.TestFleet.T0;
import static dev.baton.testing.TestFleet.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import dev.baton.domain.Heartbeat;
import dev.baton.testing.StreamRecords;
import dev.baton.testing.TestFleet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream record rules of docs/architecture.md, record by record. */
class StreamRecordReaderTest {
  private final StreamRecordReader reader = new StreamRecordReader();
  private final Heartbeat beat = healthy("nyc1", "nyc1-a", 7, T0);

  @Test
  void anInsertCarriesTheBeatWithTheStreamTimeAsObservedAt() {
    DynamodbStreamRecord record = StreamRecords.insertObservedAt(beat, T0.plusSeconds(2));

    RecordReading reading = reader.read(record);

    assertThat(reading)
        .isInstanceOfSatisfying(
            RecordReading.Beat.class,
            b -> {
              assertThat(b.beat().seq()).isEqualTo(7);
              assertThat(b.beat().status()).isEqualTo(HEALTHY);
              assertThat(b.beat().observedAt()).isEqualTo(T0.plusSeconds(2));
              assertThat(b.beat().checks()).containsKey("app");
            });
  }

  @Test
  void aTtlDeletionIsRecognisedByItsServiceIdentity() {
    assertThat(reader.read(StreamRecords.ttlRemove(beat)))
        .isEqualTo(new RecordReading.Ignored(IgnoredCause.TTL_EXPIRY));
  }

  @Test
  void aRemoveByAnyoneElseIsAPlainRemoval() {
    DynamodbStreamRecord record = StreamRecords.remove(beat);
    record.setUserIdentity(new Identity().withType("Service").withPrincipalId("someone.else"));

    assertThat(reader.read(record)).isEqualTo(new RecordReading.Ignored(IgnoredCause.REMOVE));
  }

  @Test
  void itemsOtherThanHeartbeatsAreIgnored() {
    assertThat(reader.read(StreamRecords.otherItem("BATON", "ACTIVE", T0)))
        .isEqualTo(new RecordReading.Ignored(IgnoredCause.NOT_HEARTBEAT));
  }

  @Test
  void aMissingAttributeIsNamedWithItsPathAndRule() {
    RecordReading reading =
        reader.read(StreamRecords.without(StreamRecords.insert(beat), "sentAt"));

    assertThat(reading)
        .isEqualTo(
            new RecordReading.Malformed(
                "dynamodb.NewImage.sentAt", "is required and must be a number (N)"));
  }

  @Test
  void aSeqBeyondTwoToTheFiftyThirdIsMalformedNamingTheFieldAndTheRule() {
    RecordReading reading =
        reader.read(
            StreamRecords.with(
                StreamRecords.insert(beat),
                "seq",
                new AttributeValue().withN("9007199254740992"))); // 2^53

    assertThat(reading)
        .isEqualTo(
            new RecordReading.Malformed(
                "dynamodb.NewImage.seq",
                "must be a whole number from 0 to 9007199254740991 (2^53 - 1), was"
                    + " 9007199254740992"));
  }

  @Test
  void anUnknownStatusIsNamedWithTheValuesAllowed() {
    RecordReading reading =
        reader.read(
            StreamRecords.with(
                StreamRecords.insert(beat), "status", new AttributeValue().withS("ON_FIRE")));

    assertThat(reading)
        .isInstanceOfSatisfying(
            RecordReading.Malformed.class,
            m -> {
              assertThat(m.field()).isEqualTo("dynamodb.NewImage.status");
              assertThat(m.rule()).contains("HEALTHY").contains("ON_FIRE");
            });
  }

  @Test
  void aModifyWithoutANewImageNamesTheStreamViewType() {
    DynamodbStreamRecord record =
        StreamRecords.modify(beat, TestFleet.healthy("nyc1", "nyc1-a", 8, T0));
    record.getDynamodb().setNewImage(null);

    assertThat(reader.read(record))
        .isInstanceOfSatisfying(
            RecordReading.Malformed.class,
            m -> {
              assertThat(m.field()).isEqualTo("dynamodb.NewImage");
              assertThat(m.rule()).contains("NEW_AND_OLD_IMAGES");
            });
  }

  @Test
  void aRecordWithoutKeysIsMalformed() {
    DynamodbStreamRecord record = StreamRecords.insert(beat);
    record.getDynamodb().setKeys(Map.of());

    assertThat(reader.read(record))
        .isEqualTo(
            new RecordReading.Malformed(
                "dynamodb.Keys.pk", "is required and must be a string (S)"));
  }

  @Test
  void anUnknownEventNameIsMalformed() {
    DynamodbStreamRecord record = StreamRecords.insert(beat);
    record.setEventName("UPSERT");

    assertThat(reader.read(record))
        .isInstanceOfSatisfying(
            RecordReading.Malformed.class, m -> assertThat(m.field()).isEqualTo("eventName"));
  }

  @Test
  void aNegativeCheckLatencyIsMalformedNotACrash() {
    DynamodbStreamRecord record = StreamRecords.insert(beat);
    Map<String, AttributeValue> app =
        Map.of(
            "ok", new AttributeValue().withBOOL(true),
            "latencyMs", new AttributeValue().withN("-5"),
            "detail", new AttributeValue().withS("?"));
    StreamRecords.with(
        record,
        "checks",
        new AttributeValue().withM(Map.of("app", new AttributeValue().withM(app))));

    assertThat(reader.read(record)).isInstanceOf(RecordReading.Malformed.class);
  }
}
