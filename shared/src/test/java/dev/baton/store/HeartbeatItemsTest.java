package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideProbe;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The heartbeat item's optional {@code upUntil} (docs/decisions/0020), both ways. */
class HeartbeatItemsTest {
  private static final Instant SENT = Instant.parse("2026-12-05T10:00:10Z");
  private static final Instant EXPIRES = SENT.plusSeconds(600);

  private static Heartbeat down(Instant upUntil) {
    return new Heartbeat(
        "nyc1",
        "nyc1-a",
        HeartbeatStatus.UNHEALTHY,
        7,
        SENT,
        Map.of(),
        "t",
        null,
        3,
        "standby",
        upUntil);
  }

  @Test
  void aDownBeatsUpUntilSurvivesTheRoundTripToTheMillisecond() {
    Heartbeat beat = down(SENT.minusMillis(2_500));

    Map<String, AttributeValue> item = HeartbeatItems.toItem(beat, EXPIRES);

    assertThat(item.get(HeartbeatItems.UP_UNTIL).n())
        .isEqualTo(Long.toString(SENT.toEpochMilli() - 2_500));
    assertThat(HeartbeatItems.fromItem(item)).isEqualTo(beat);
  }

  @Test
  void anItemWithoutUpUntilIsABeatWithoutOneAsBefore() {
    Map<String, AttributeValue> item = HeartbeatItems.toItem(down(null), EXPIRES);

    assertThat(item).doesNotContainKey(HeartbeatItems.UP_UNTIL);
    assertThat(HeartbeatItems.fromItem(item).upUntil()).isNull();
  }

  @Test
  void anUpUntilThatIsNotAWholeNumberFromZeroToSentAtIsMalformedNamingTheFieldAndRule() {
    Map<String, AttributeValue> good = HeartbeatItems.toItem(down(SENT.minusSeconds(1)), EXPIRES);
    for (AttributeValue value :
        new AttributeValue[] {
          AttributeValue.fromN(Long.toString(SENT.toEpochMilli() + 1)),
          AttributeValue.fromN("-1"),
          AttributeValue.fromN("1.5"),
          AttributeValue.fromN("99999999999999999999999"),
          AttributeValue.fromS("yesterday")
        }) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(good);
      item.put(HeartbeatItems.UP_UNTIL, value);

      assertThatThrownBy(() -> HeartbeatItems.fromItem(item))
          .as("%s", value)
          .isInstanceOfSatisfying(
              MalformedItemException.class,
              e -> assertThat(e.attribute()).isEqualTo(HeartbeatItems.UP_UNTIL))
          .hasMessageContaining(HeartbeatItems.UP_UNTIL_RULE);
    }
  }

  @Test
  void theAgentSideRefusesAnUpUntilAfterSentAtOrBeforeTheEpoch() {
    assertThatThrownBy(() -> down(SENT.plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upUntil must not be after sentAt");
    assertThatThrownBy(() -> HeartbeatItems.toItem(down(Instant.ofEpochMilli(-1)), EXPIRES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(HeartbeatItems.UP_UNTIL + " " + HeartbeatItems.UP_UNTIL_RULE);
  }

  private static Heartbeat beat(
      long seq, Map<String, Check> checks, Map<String, OutsideProbe> out) {
    return new Heartbeat(
        "nyc1",
        "nyc1-a",
        HeartbeatStatus.HEALTHY,
        seq,
        SENT.plusSeconds(seq),
        checks,
        "t",
        null,
        3,
        "standby",
        null,
        out);
  }

  @Test
  void theAgentsEncoderWritesWhatTheMapperWritesAndReencodesOnlyWhatChanged() {
    HeartbeatItems.Encoder encoder = new HeartbeatItems.Encoder();
    Map<String, Check> checks = Map.of("app", new Check(true, 12, "200"));
    Map<String, OutsideProbe> up = Map.of("ams3", OutsideProbe.up("200"));
    Map<String, OutsideProbe> down =
        Map.of("ams3", OutsideProbe.down("connection refused", SENT.minusSeconds(2)));

    Map<String, AttributeValue> first = encoder.toItem(beat(1, checks, up), EXPIRES);
    Map<String, AttributeValue> second =
        encoder.toItem(beat(2, Map.of("app", new Check(true, 12, "200")), up), EXPIRES);
    Map<String, AttributeValue> third = encoder.toItem(beat(3, checks, down), EXPIRES);
    Map<String, AttributeValue> none = encoder.toItem(beat(4, checks, Map.of()), EXPIRES);

    assertThat(first).isEqualTo(HeartbeatItems.toItem(beat(1, checks, up), EXPIRES));
    assertThat(second).isEqualTo(HeartbeatItems.toItem(beat(2, checks, up), EXPIRES));
    assertThat(third).isEqualTo(HeartbeatItems.toItem(beat(3, checks, down), EXPIRES));
    assertThat(none).isEqualTo(HeartbeatItems.toItem(beat(4, checks, Map.of()), EXPIRES));
    assertThat(none).doesNotContainKey(HeartbeatItems.OUTSIDE);
    // equal checks and probes: the same encoded values, not new ones
    assertThat(second.get(HeartbeatItems.CHECKS)).isSameAs(first.get(HeartbeatItems.CHECKS));
    assertThat(second.get(HeartbeatItems.OUTSIDE)).isSameAs(first.get(HeartbeatItems.OUTSIDE));
    assertThat(HeartbeatItems.fromItem(third).outside()).isEqualTo(down);
    assertThat(HeartbeatItems.fromItem(second).seq()).isEqualTo(2);
  }
}
