package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldChangesTest {
  private final WorldChanges changes = new WorldChanges();

  private static WorldSample sample(String nyc1Role, String ams3Role, String lbTarget) {
    return new WorldSample(
        Map.of(
            "nyc1-1", new WorldSample.AgentRole("nyc1", nyc1Role),
            "ams3-1", new WorldSample.AgentRole("ams3", ams3Role)),
        Map.of("do-global-lb", lbTarget));
  }

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  @Test
  void theFirstSampleShowsEveryAgentAndRouterWithoutAPreviousValue() {
    List<DrillEvent> first = changes.next(sample("active", "standby", "nyc1"), ms(50));
    assertThat(first)
        .containsExactly(
            new DrillEvent.AgentRoleChanged(ms(50), "ams3", "ams3-1", null, "standby"),
            new DrillEvent.AgentRoleChanged(ms(50), "nyc1", "nyc1-1", null, "active"),
            new DrillEvent.RouterTargetChanged(ms(50), "do-global-lb", null, "nyc1"));
  }

  @Test
  void anUnchangedWorldRecordsNothing() {
    changes.next(sample("active", "standby", "nyc1"), ms(50));
    assertThat(changes.next(sample("active", "standby", "nyc1"), ms(100))).isEmpty();
  }

  @Test
  void onlyWhatChangedIsRecordedWithItsPreviousValue() {
    changes.next(sample("active", "standby", "nyc1"), ms(50));
    assertThat(changes.next(sample("active", "active", "nyc1"), ms(100)))
        .containsExactly(
            new DrillEvent.AgentRoleChanged(ms(100), "ams3", "ams3-1", "standby", "active"));
    assertThat(changes.next(sample("down", "active", "?"), ms(150)))
        .containsExactly(
            new DrillEvent.AgentRoleChanged(ms(150), "nyc1", "nyc1-1", "active", "down"),
            new DrillEvent.RouterTargetChanged(ms(150), "do-global-lb", "nyc1", "?"));
  }

  @Test
  void aRoleThatFlapsIsRecordedEachTimeItChanges() {
    changes.next(sample("active", "standby", "nyc1"), ms(0));
    changes.next(sample("fenced", "standby", "nyc1"), ms(50));
    List<DrillEvent> back = changes.next(sample("active", "standby", "nyc1"), ms(100));
    assertThat(back)
        .containsExactly(
            new DrillEvent.AgentRoleChanged(ms(100), "nyc1", "nyc1-1", "fenced", "active"));
  }
}
