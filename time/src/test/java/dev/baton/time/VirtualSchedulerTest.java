package dev.baton.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
  private final VirtualClock clock = VirtualClock.atEpochOfTests();
  private final Instant t0 = clock.instant();
  private final VirtualScheduler scheduler = new VirtualScheduler(clock);
  private final List<String> ran = new ArrayList<>();

  private Runnable log(String name) {
    return () -> ran.add(name + "@" + Duration.between(t0, clock.instant()).toMillis());
  }

  @Test
  void nothingRunsUntilTimeIsMovedAndTasksRunAtTheirVirtualTime() {
    scheduler.schedule(log("b"), 200, TimeUnit.MILLISECONDS);
    scheduler.schedule(log("a"), 100, TimeUnit.MILLISECONDS);
    assertThat(ran).isEmpty();
    assertThat(scheduler.runFor(Duration.ofMillis(150))).isEqualTo(1);
    assertThat(ran).containsExactly("a@100");
    assertThat(clock.instant()).isEqualTo(t0.plusMillis(150));
    scheduler.runFor(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("a@100", "b@200");
  }

  @Test
  void tasksDueAtTheSameInstantRunInTheOrderTheyWereScheduled() {
    for (int i = 0; i < 20; i++) {
      scheduler.schedule(log("t" + i), 50, TimeUnit.MILLISECONDS);
    }
    scheduler.runFor(Duration.ofMillis(50));
    assertThat(ran).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(ran.get(i)).isEqualTo("t" + i + "@50");
    }
  }

  @Test
  void periodicTasksRepeatAndStopWhenCancelled() {
    ScheduledFuture<?> rate =
        scheduler.scheduleAtFixedRate(log("rate"), 0, 100, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        () -> {
          log("delay").run();
          clock.advance(Duration.ofMillis(30)); // the task itself takes 30 ms
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    scheduler.runUntil(t0.plusMillis(250));
    assertThat(ran).containsExactly("rate@0", "delay@0", "rate@100", "delay@130", "rate@200");
    rate.cancel(false);
    ran.clear();
    scheduler.runUntil(t0.plusMillis(400));
    assertThat(ran).containsExactly("delay@260", "delay@390");
  }

  @Test
  void aTaskThatThrowsIsRecordedAndAPeriodicOneStops() {
    scheduler.scheduleAtFixedRate(
        () -> {
          throw new IllegalStateException("boom");
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    scheduler.runFor(Duration.ofMillis(100));
    assertThat(scheduler.failures()).hasSize(1);
    assertThat(scheduler.failures().get(0)).hasMessage("boom");
    assertThat(scheduler.queued()).isZero();
  }

  @Test
  void tasksScheduledByTasksWithinTheWindowRunInIt() {
    scheduler.schedule(
        () -> {
          log("first").run();
          scheduler.schedule(log("second"), 10, TimeUnit.MILLISECONDS);
        },
        10,
        TimeUnit.MILLISECONDS);
    scheduler.runFor(Duration.ofMillis(25));
    assertThat(ran).containsExactly("first@10", "second@20");
  }

  @Test
  void shutdownRefusesNewTasksAndShutdownNowDropsQueuedOnes() {
    scheduler.schedule(log("x"), 10, TimeUnit.MILLISECONDS);
    assertThat(scheduler.shutdownNow()).hasSize(1);
    scheduler.runFor(Duration.ofSeconds(1));
    assertThat(ran).isEmpty();
    assertThat(scheduler.isTerminated()).isTrue();
    assertThatThrownBy(() -> scheduler.schedule(log("y"), 1, TimeUnit.MILLISECONDS))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @Test
  void theClockNeverRunsBackwardsByAdvanceButCanBeSteppedBySet() {
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    clock.set(t0.minusSeconds(40));
    assertThat(clock.instant()).isEqualTo(t0.minusSeconds(40));
  }

  @Test
  void waitingForTasksIsRefusedRatherThanBlockingTheOnlyThread() {
    List<java.util.concurrent.Callable<String>> tasks = List.of(() -> "x");
    assertThatThrownBy(() -> scheduler.invokeAll(tasks))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> scheduler.invokeAll(tasks, 1, TimeUnit.SECONDS))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> scheduler.invokeAny(tasks))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> scheduler.invokeAny(tasks, 1, TimeUnit.SECONDS))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
