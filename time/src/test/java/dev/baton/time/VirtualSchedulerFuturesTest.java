package dev.baton.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a caller holding a future from the virtual scheduler sees: delays, results, cancels. */
class VirtualSchedulerFuturesTest {
  private final VirtualClock clock = VirtualClock.atEpochOfTests();
  private final Instant t0 = clock.instant();
  private final VirtualScheduler scheduler = new VirtualScheduler(clock);
  private final List<String> ran = new ArrayList<>();

  @Test
  void theDelayOfAFutureShrinksWithVirtualTime() {
    ScheduledFuture<?> f = scheduler.schedule(() -> ran.add("x"), 2, TimeUnit.SECONDS);
    assertThat(f.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(2000);
    clock.advance(Duration.ofMillis(500));
    assertThat(f.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1500);
    assertThat(scheduler.nextDue()).isEqualTo(t0.plusSeconds(2));
  }

  @Test
  void aCallableResultIsInItsFutureOnceRun() throws Exception {
    ScheduledFuture<String> f = scheduler.schedule(() -> "done", 10, TimeUnit.MILLISECONDS);
    Future<Integer> submitted = scheduler.submit(() -> 42);
    assertThat(f.isDone()).isFalse();
    assertThat(submitted.isDone()).as("submit queues, it does not run").isFalse();

    assertThat(scheduler.runNext()).isTrue();
    assertThat(submitted.get()).isEqualTo(42);
    assertThat(clock.instant()).as("a task due now does not move the clock").isEqualTo(t0);
    assertThat(scheduler.runNext()).isTrue();
    assertThat(f.get()).isEqualTo("done");
    assertThat(clock.instant()).isEqualTo(t0.plusMillis(10));
    assertThat(scheduler.runNext()).isFalse();
    assertThat(scheduler.nextDue()).isNull();
  }

  @Test
  void aCancelledTaskLeavesTheQueueAndNeverRuns() {
    ScheduledFuture<?> f = scheduler.schedule(() -> ran.add("x"), 1, TimeUnit.SECONDS);
    assertThat(f.cancel(false)).isTrue();
    assertThat(scheduler.queued()).isZero();
    scheduler.runFor(Duration.ofSeconds(5));
    assertThat(ran).isEmpty();
    assertThat(f.isCancelled()).isTrue();
  }

  @Test
  void aPeriodicTaskCanCancelItselfFromInside() {
    List<ScheduledFuture<?>> self = new ArrayList<>();
    self.add(
        scheduler.scheduleAtFixedRate(
            () -> {
              ran.add("tick");
              if (ran.size() == 3) {
                self.get(0).cancel(false);
              }
            },
            0,
            100,
            TimeUnit.MILLISECONDS));
    scheduler.runFor(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("tick", "tick", "tick");
    assertThat(scheduler.queued()).isZero();
    assertThat(scheduler.failures()).isEmpty();
  }

  @Test
  void shutdownRunsTheDelayedTasksAlreadyQueuedButNoMorePeriodicRuns() {
    scheduler.schedule(() -> ran.add("once"), 300, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(() -> ran.add("tick"), 0, 100, TimeUnit.MILLISECONDS);
    scheduler.runNext(); // the first tick
    scheduler.shutdown();
    assertThat(scheduler.isShutdown()).isTrue();
    assertThat(scheduler.isTerminated()).isFalse();

    scheduler.runFor(Duration.ofSeconds(1));

    assertThat(ran).containsExactly("tick", "tick", "once");
    assertThat(scheduler.isTerminated()).isTrue();
    assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void runUntilAnInstantAlreadyPastRunsWhatIsDueAndLeavesTheClock() {
    clock.advance(Duration.ofSeconds(10));
    scheduler.execute(() -> ran.add("now"));
    assertThat(scheduler.runUntil(t0)).isEqualTo(0);
    assertThat(scheduler.runUntil(t0.plusSeconds(10))).isEqualTo(1);
    assertThat(ran).containsExactly("now");
    assertThat(clock.instant()).isEqualTo(t0.plusSeconds(10));
  }
}
