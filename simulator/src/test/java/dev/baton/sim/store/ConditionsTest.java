package dev.baton.sim.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.store.HeartbeatItems;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The simulated heartbeat condition agrees with production's {@code SEQ_ADVANCES}. */
class ConditionsTest {
  private static boolean advances(AttributeValue stored, long seq) {
    Map<String, AttributeValue> item =
        stored == null ? Map.of() : Map.of(HeartbeatItems.SEQ, stored);
    return Conditions.seqAdvances(HeartbeatItems.SEQ, seq, HeartbeatItems.MAX_SEQ).test(item);
  }

  @Test
  void aBeatReplacesNothingOrALowerSeqButNeverAHigherOne() {
    assertThat(advances(null, 1)).isTrue();
    assertThat(advances(AttributeValue.fromN("6"), 7)).isTrue();
    assertThat(advances(AttributeValue.fromN("7"), 7)).isFalse();
    assertThat(advances(AttributeValue.fromN("8"), 7)).isFalse();
  }

  @Test
  void aForgedOrCorruptedSeqIsReplacedInsteadOfWedgingTheAgent() {
    assertThat(advances(AttributeValue.fromN("99999999999999999999999"), 7))
        .as("beyond a long")
        .isTrue();
    assertThat(advances(AttributeValue.fromN(Long.toString(HeartbeatItems.MAX_SEQ + 1)), 7))
        .as("above 2^53 - 1")
        .isTrue();
    assertThat(advances(AttributeValue.fromS("7"), 3)).as("not a number").isTrue();
  }
}
