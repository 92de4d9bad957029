package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionHealth;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimelinePrinterTest {
  @Test
  void printsOneLinePerEventWithElapsedTimeAndKind() {
    java.io.StringWriter bytes = new java.io.StringWriter();
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    DrillTimeline timeline = new DrillTimeline(nanos::get);
    timeline.subscribe(new TimelinePrinter(new java.io.PrintWriter(bytes)));
    nanos.addAndGet(20_310_000_000L);
    timeline.record(
        new DrillEvent.RegionHealthChanged(
            timeline.elapsed(),
            "nyc1",
            RegionHealth.SUSPECT,
            RegionHealth.UNHEALTHY,
            "down for 15s"));
    assertThat(bytes.toString())
        .isEqualTo("  +20.31s  region     nyc1 SUSPECT -> UNHEALTHY: down for 15s\n");
  }

  @Test
  void eventsComeBackSortedByTime() {
    DrillTimeline timeline = new DrillTimeline(() -> 0L);
    timeline.record(new DrillEvent.AlarmRaised(Duration.ofSeconds(5), "A", ""));
    timeline.record(new DrillEvent.AlarmRaised(Duration.ofSeconds(2), "B", ""));
    assertThat(timeline.events(DrillEvent.AlarmRaised.class))
        .extracting(DrillEvent.AlarmRaised::alarm)
        .containsExactly("B", "A");
  }

  @Test
  void rolesAndRouterTargetsAreOneLineEach() {
    assertThat(
            TimelinePrinter.line(
                new DrillEvent.AgentRoleChanged(
                    Duration.ofMillis(50), "nyc1", "nyc1-1", null, "active")))
        .isEqualTo("   +0.05s  role       nyc1-1 active");
    assertThat(
            TimelinePrinter.line(
                new DrillEvent.AgentRoleChanged(
                    Duration.ofMillis(46_900), "ams3", "ams3-1", "standby", "active")))
        .isEqualTo("  +46.90s  role       ams3-1 standby -> active");
    assertThat(
            TimelinePrinter.line(
                new DrillEvent.RouterTargetChanged(
                    Duration.ofMillis(46_800), "do-global-lb", "nyc1", "ams3")))
        .isEqualTo("  +46.80s  traffic    do-global-lb nyc1 -> ams3");
    assertThat(
            TimelinePrinter.line(
                new DrillEvent.RouterTargetChanged(
                    Duration.ofMillis(47_000), "do-dns", "ams3", "?")))
        .isEqualTo("  +47.00s  traffic    do-dns ams3 -> ? (unreadable)");
  }
}
