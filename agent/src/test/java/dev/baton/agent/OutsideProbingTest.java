package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.hooks.RecordingLogger;
import dev.baton.agent.store.OutsideTargets;
import dev.baton.port.OutsideProber;
import dev.baton.store.BatonItems;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the outside probes tell an operator in the agent's log. */
class OutsideProbingTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final RecordingLogger log = new RecordingLogger();
  private final Map<String, OutsideProber.Outcome> answers = new LinkedHashMap<>();
  private final OutsideProbing probing =
      new OutsideProbing(
          "nyc1",
          Duration.ofMillis(400),
          Duration.ofSeconds(1),
          targets -> {
            Map<String, OutsideProber.Outcome> out = new LinkedHashMap<>();
            targets.keySet().forEach(r -> out.put(r, answers.get(r)));
            return out;
          },
          Runnable::run,
          log);

  private void round(int second) {
    probing.finish(probing.start(T0.plusSeconds(second)));
  }

  @Test
  void aMalformedAttributeIsLoggedOnceAsAnErrorNamingTheAttributeAndRule() {
    OutsideTargets malformed =
        OutsideTargets.read(Map.of(BatonItems.OUTSIDE_TARGETS, AttributeValue.fromN("3")));

    probing.published(malformed);
    round(0);
    probing.published(malformed);
    round(1);

    assertThat(log.lines)
        .containsExactly(
            "ERROR not probing other regions from outside: the baton item's "
                + BatonItems.OUTSIDE_TARGETS
                + ": "
                + BatonItems.OUTSIDE_TARGETS_RULE
                + " (S)");
  }

  @Test
  void aTargetsVerdictChangeIsLoggedOnceWithItsDetailAndNeverItsUrl() {
    probing.published(
        OutsideTargets.of(Map.of("ams3", URI.create("https://ams3.example.com/h?token=s3cret"))));
    answers.put("ams3", new OutsideProber.Outcome(true, "HTTP 200 in 9 ms"));
    round(0);
    round(1);
    answers.put("ams3", new OutsideProber.Outcome(false, "connection refused"));
    round(2);
    round(3);
    answers.put("ams3", new OutsideProber.Outcome(true, "HTTP 200 in 11 ms"));
    round(4);
    round(5);

    assertThat(log.lines)
        .containsExactly(
            "INFO probing from outside the public health URLs of [ams3]",
            "INFO outside probe of ams3: reachable (HTTP 200 in 9 ms)",
            "WARN outside probe of ams3: unreachable from nyc1 (connection refused)",
            "INFO outside probe of ams3: reachable again (HTTP 200 in 11 ms)");
    assertThat(String.join("\n", log.lines)).doesNotContain("example.com", "s3cret");
  }
}
