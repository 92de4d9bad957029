package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.baton.domain.Heartbeat;
import dev.baton.local.LambdaStreamRecords;
import dev.baton.testing.TestFleet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/** Stream images and table items read the same. */
class StreamImagesTest {

  @Test
  void everyAttributeTypeConvertsToTheSdksValue() {
    AttributeValue nested =
        new AttributeValue()
            .withM(
                Map.of(
                    "s", new AttributeValue().withS("x"),
                    "n", new AttributeValue().withN("1.5"),
                    "b", new AttributeValue().withB(ByteBuffer.wrap(bytes("hi"))),
                    "bool", new AttributeValue().withBOOL(false),
                    "null", new AttributeValue().withNULL(true),
                    "ss", new AttributeValue().withSS("a", "b"),
                    "ns", new AttributeValue().withNS("1", "2"),
                    "bs", new AttributeValue().withBS(ByteBuffer.wrap(bytes("z"))),
                    "l", new AttributeValue().withL(new AttributeValue().withS("y"))));

    var sdk = StreamImages.toSdk(nested);

    var m = sdk.m();
    assertThat(m.get("s").s()).isEqualTo("x");
    assertThat(m.get("n").n()).isEqualTo("1.5");
    assertThat(m.get("b").b()).isEqualTo(SdkBytes.fromUtf8String("hi"));
    assertThat(m.get("bool").bool()).isFalse();
    assertThat(m.get("null").nul()).isTrue();
    assertThat(m.get("ss").ss()).containsExactly("a", "b");
    assertThat(m.get("ns").ns()).containsExactly("1", "2");
    assertThat(m.get("bs").bs()).containsExactly(SdkBytes.fromUtf8String("z"));
    assertThat(m.get("l").l()).extracting(v -> v.s()).containsExactly("y");
  }

  @Test
  void aHeartbeatReadFromItsStreamImageEqualsTheBeatWritten() {
    Heartbeat beat = TestFleet.healthy("ams3", "ams3-b", 42, TestFleet.T0);
    var image =
        LambdaStreamRecords.toLambda(HeartbeatItems.toItem(beat, TestFleet.T0.plusSeconds(600)));

    assertThat(StreamImages.heartbeat(image)).isEqualTo(beat);
  }

  @Test
  void regionStatesSurviveTheRoundTripWithAndWithoutOptionalTimes() {
    var withTimes =
        new dev.baton.domain.RegionState(
            "nyc1",
            dev.baton.domain.RegionHealth.RECOVERING,
            TestFleet.T0,
            TestFleet.T0.minusSeconds(1),
            TestFleet.T0.minusSeconds(3),
            2,
            3,
            "sample up",
            4);
    var without =
        new dev.baton.domain.RegionState(
            "nyc1", dev.baton.domain.RegionHealth.UNHEALTHY, TestFleet.T0, null, null, 0, 0, "", 1);

    for (var state : List.of(withTimes, without)) {
      assertThat(RegionStateItems.fromItem(RegionStateItems.toItem(state))).isEqualTo(state);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
