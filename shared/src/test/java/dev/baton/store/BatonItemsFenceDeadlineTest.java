package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The fence deadline the monitor publishes on the baton item, as agents read it. */
class BatonItemsFenceDeadlineTest {
  @Test
  void absentMeansNotPublishedAndAWholeNumberOfMillisecondsIsRead() {
    assertThat(BatonItems.fenceDeadline(Map.of())).isEmpty();
    assertThat(
            BatonItems.fenceDeadline(
                Map.of(BatonItems.FENCE_DEADLINE_MS, AttributeValue.fromN("10000"))))
        .contains(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "3600001", "1.5", "99999999999999999999"})
  void anythingElseIsMalformedNamingTheAttributeAndTheRule(String n) {
    assertThatThrownBy(
            () ->
                BatonItems.fenceDeadline(
                    Map.of(BatonItems.FENCE_DEADLINE_MS, AttributeValue.fromN(n))))
        .isInstanceOf(MalformedItemException.class)
        .hasMessageContaining("fenceDeadlineMs")
        .hasMessageContaining("whole number of milliseconds between 1 and 3600000");
  }

  @Test
  void aStringIsMalformedToo() {
    assertThatThrownBy(
            () ->
                BatonItems.fenceDeadline(
                    Map.of(BatonItems.FENCE_DEADLINE_MS, AttributeValue.fromS("10s"))))
        .isInstanceOf(MalformedItemException.class)
        .hasMessageContaining("not a number");
  }
}
