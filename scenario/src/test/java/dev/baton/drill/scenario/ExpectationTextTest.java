package dev.baton.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The role and traffic expectations' syntax and windows (the others: ScenarioParserTest). */
class ExpectationTextTest {
  private static final Duration END = Duration.ofSeconds(100);

  private static Expectation parse(String text, Integer anchorSeconds) {
    return ExpectationText.parse(
        text,
        anchorSeconds == null ? null : Duration.ofSeconds(anchorSeconds),
        END,
        d -> d,
        ExpectationTextTest::target);
  }

  private static Target target(String text) {
    String[] parts = text.split("/");
    if (!parts[0].equals("nyc1") && !parts[0].equals("ams3")) {
      throw new IllegalArgumentException("unknown region '" + parts[0] + "'");
    }
    return new Target(parts[0], parts.length == 1 ? 0 : Integer.parseInt(parts[1]));
  }

  private static Window w(int from, int to) {
    return new Window(Duration.ofSeconds(from), Duration.ofSeconds(to));
  }

  @Test
  void singleActiveAtTheTopLevelCoversTheWholeDrill() {
    assertThat(parse("single-active", null))
        .isEqualTo(new Expectation.SingleActive(w(0, 100), "single-active"));
  }

  @Test
  void singleActiveInATimelineEntryRunsFromTheEntryToTheEndForOrUntil() {
    assertThat(parse("single-active", 30).window()).isEqualTo(w(30, 100));
    assertThat(parse("single-active for 20s", 30).window()).isEqualTo(w(30, 50));
    assertThat(parse("single-active until 60s", 30).window()).isEqualTo(w(30, 60));
    assertThat(parse("single-active until 60s", null).window()).isEqualTo(w(0, 60));
  }

  @Test
  void singleActiveRefusesWithinAndAtWhichWouldReadAsSomeInstant() {
    assertThatThrownBy(() -> parse("single-active within 10s", 30))
        .hasMessageContaining("use 'for D' or 'until T'")
        .hasMessageContaining("not 'within'");
    assertThatThrownBy(() -> parse("single-active at 50s", null)).hasMessageContaining("not 'at'");
  }

  @Test
  void singleActiveNeedsASpanOfTime() {
    assertThatThrownBy(() -> parse("single-active", 100))
        .hasMessageContaining("single instant 1m40s; single-active needs a span of time");
    assertThatThrownBy(() -> parse("single-active until 30s", 30))
        .hasMessageContaining("single-active needs a span of time");
  }

  @Test
  void singleActiveTakesNoArgument() {
    assertThatThrownBy(() -> parse("single-active nyc1", null))
        .hasMessageContaining("must be 'single-active [for D | until T]'");
  }

  @Test
  void agentsActiveAndTrafficAtAreStatesWithTheStatesWindows() {
    assertThat(parse("agents-active ams3", 30))
        .isEqualTo(
            new Expectation.AgentsActive(
                "ams3", Window.instant(Duration.ofSeconds(30)), false, "agents-active ams3"));
    assertThat(parse("agents-active ams3 within 25s", 30))
        .isEqualTo(
            new Expectation.AgentsActive(
                "ams3", w(30, 55), false, "agents-active ams3 within 25s"));
    assertThat(parse("traffic-at ams3 for 10s", 60))
        .isEqualTo(new Expectation.TrafficAt("ams3", w(60, 70), true, "traffic-at ams3 for 10s"));
    assertThat(parse("traffic-at nyc1", null))
        .isEqualTo(
            new Expectation.TrafficAt(
                "nyc1", Window.instant(Duration.ofSeconds(100)), false, "traffic-at nyc1"));
    assertThat(parse("traffic-at nyc1 at 20s", null).window())
        .isEqualTo(Window.instant(Duration.ofSeconds(20)));
  }

  @Test
  void agentsActiveAndTrafficAtTakeAKnownRegionNotAnInstance() {
    assertThatThrownBy(() -> parse("agents-active sfo3", null))
        .hasMessageContaining("unknown region 'sfo3'");
    assertThatThrownBy(() -> parse("traffic-at ams3/1", null))
        .hasMessageContaining("takes a region, not an instance: ams3/1");
    assertThatThrownBy(() -> parse("traffic-at", null))
        .hasMessageContaining("must be 'traffic-at REGION'");
  }

  @Test
  void unknownKindsListTheNewOnes() {
    assertThatThrownBy(() -> parse("one-active", null))
        .hasMessageContaining("agents-active, traffic-at, single-active");
  }
}
