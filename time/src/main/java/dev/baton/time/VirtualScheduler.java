package dev.baton.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} in virtual time: nothing runs until the owner calls {@link
 * #runNext}, {@link #runUntil} or {@link #runFor}, which run due tasks one at a time on the calling
 * thread, moving the {@link VirtualClock} to each task's time. Tasks due at the same instant run in
 * the order they were scheduled, so a run is deterministic.
 *
 * <p>Production code that takes a {@code ScheduledExecutorService} (the agent's beat loop) runs on
 * it unchanged. A task that throws is recorded ({@link #failures()}), as a real executor keeps the
 * exception in the task's future; periodic tasks stop after a failure, as they do there.
 */
public final class VirtualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final VirtualClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final List<Throwable> failures = new ArrayList<>();
  private long sequence;
  private boolean shutdown;

  public VirtualScheduler(VirtualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public VirtualClock clock() {
    return clock;
  }

  /** Runs the next due task (moving the clock to its time); false when none is queued. */
  public boolean runNext() {
    Task<?> task;
    synchronized (this) {
      task = queue.poll();
    }
    if (task == null) {
      return false;
    }
    if (task.due.isAfter(clock.instant())) {
      clock.set(task.due);
    }
    task.run();
    return true;
  }

  /**
   * Runs every task due up to {@code until} (including tasks those tasks schedule within it), then
   * sets the clock to {@code until}.
   *
   * @return how many tasks ran
   */
  public int runUntil(Instant until) {
    int ran = 0;
    while (true) {
      Task<?> head;
      synchronized (this) {
        head = queue.peek();
      }
      if (head == null || head.due.isAfter(until)) {
        break;
      }
      runNext();
      ran++;
    }
    if (until.isAfter(clock.instant())) {
      clock.set(until);
    }
    return ran;
  }

  /** {@link #runUntil} {@code by} from now. */
  public int runFor(Duration by) {
    return runUntil(clock.instant().plus(by));
  }

  /** When the next task is due, or null when none is queued. */
  public synchronized Instant nextDue() {
    Task<?> head = queue.peek();
    return head == null ? null : head.due;
  }

  /** How many tasks are queued. */
  public synchronized int queued() {
    return queue.size();
  }

  /** How many tasks have thrown so far (cheaper than {@link #failures()} after every step). */
  public synchronized int failureCount() {
    return failures.size();
  }

  /** What the tasks run so far threw, in order. */
  public synchronized List<Throwable> failures() {
    return List.copyOf(failures);
  }

  // ---- ScheduledExecutorService ---------------------------------------------------------------

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(new Task<>(callable(command), at(delay, unit), 0, false));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(new Task<>(callable, at(delay, unit), 0, false));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    requirePositive(period);
    return enqueue(
        new Task<>(callable(command), at(initialDelay, unit), unit.toNanos(period), true));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    requirePositive(delay);
    return enqueue(
        new Task<>(callable(command), at(initialDelay, unit), unit.toNanos(delay), false));
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> pending = new ArrayList<>(queue);
    queue.clear();
    pending.forEach(t -> ((Task<?>) t).cancel(false));
    return pending;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  /** Virtual time does not pass while waiting: true when terminated now. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private static void requirePositive(long period) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
  }

  private Instant at(long delay, TimeUnit unit) {
    return clock.instant().plusNanos(Math.max(0, unit.toNanos(delay)));
  }

  private static Callable<Object> callable(Runnable r) {
    Objects.requireNonNull(r, "command");
    return () -> {
      r.run();
      return null;
    };
  }

  private synchronized <V> Task<V> enqueue(Task<V> task) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("the scheduler is shut down");
    }
    task.order = sequence++;
    queue.add(task);
    return task;
  }

  private synchronized void failed(Throwable t) {
    failures.add(t);
  }

  /** One scheduled task; periodic ones put themselves back after each run. */
  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    private Instant due;
    private final long periodNanos;
    private final boolean fixedRate;
    private long order;

    Task(Callable<V> callable, Instant due, long periodNanos, boolean fixedRate) {
      super(callable);
      this.due = due;
      this.periodNanos = periodNanos;
      this.fixedRate = fixedRate;
    }

    @Override
    public void run() {
      if (periodNanos == 0) {
        super.run();
        reportFailure();
        return;
      }
      if (!runAndReset()) {
        reportFailure();
        return;
      }
      due = fixedRate ? due.plusNanos(periodNanos) : clock.instant().plusNanos(periodNanos);
      synchronized (VirtualScheduler.this) {
        if (!shutdown && !isCancelled()) {
          order = sequence++;
          queue.add(this);
        }
      }
    }

    /** Records what the task threw (a done, uncancelled task that did not complete normally). */
    private void reportFailure() {
      if (!isDone() || isCancelled()) {
        return;
      }
      try {
        get(0, TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failed(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed(e);
      } catch (TimeoutException | CancellationException e) {
        failed(e);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(false);
      synchronized (VirtualScheduler.this) {
        queue.remove(this);
      }
      return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof Task<?> t) {
        int byTime = due.compareTo(t.due);
        return byTime != 0 ? byTime : Long.compare(order, t.order);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks) {
    throw blocking("invokeAll");
  }

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
    throw blocking("invokeAll");
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) {
    throw blocking("invokeAny");
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
    throw blocking("invokeAny");
  }

  /** Waiting for tasks would block the only thread that runs them. */
  private static UnsupportedOperationException blocking(String method) {
    return new UnsupportedOperationException(
        method + " would block the only thread of virtual time; schedule the tasks instead");
  }
}
