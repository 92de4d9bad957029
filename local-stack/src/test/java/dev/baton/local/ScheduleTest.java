package dev.baton.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local EventBridge schedule. */
class ScheduleTest {

  @Test
  void aOneMinuteRuleScaledSixtyTimesFiresEverySecond() {
    Schedule schedule = Schedule.every(Duration.ofMinutes(1), 60, e -> {});

    assertThat(schedule.interval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void eventsHaveTheShapeEventBridgeSends() {
    ScheduledEvent event = Schedule.every(Duration.ofMinutes(1), 1, e -> {}).event();

    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
    assertThat(event.getSource()).isEqualTo("aws.events");
    assertThat(event.getAccount()).isEqualTo("123456789012");
    assertThat(event.getResources()).singleElement().asString().contains(":rule/");
    assertThat(event.getTime()).isNotNull();
    assertThat(event.getId()).isNotBlank();
  }

  @Test
  void itFiresRepeatedlyUntilStoppedEvenWhenTheTargetFails() throws Exception {
    List<ScheduledEvent> received = Collections.synchronizedList(new ArrayList<>());
    Schedule schedule =
        Schedule.every(
            Duration.ofMinutes(1),
            600,
            e -> {
              received.add(e);
              throw new IllegalStateException("target failed");
            });

    schedule.start();
    Thread.sleep(1_000);
    schedule.stop();
    int afterStop = received.size();
    Thread.sleep(300);

    assertThat(afterStop).isBetween(3, 12);
    assertThat(received).hasSize(afterStop);
    assertThat(received).extracting(ScheduledEvent::getId).doesNotHaveDuplicates();
  }
}
