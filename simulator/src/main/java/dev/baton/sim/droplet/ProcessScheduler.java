package dev.baton.sim.droplet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process's view of the shared virtual-time scheduler: what it schedules runs on the shared
 * one, and {@link #kill} cancels all of it at once, as {@code kill -9} ends a process's threads.
 */
public final class ProcessScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final ScheduledExecutorService shared;
  private final List<ScheduledFuture<?>> pending = new ArrayList<>();
  private boolean killed;

  public ProcessScheduler(ScheduledExecutorService shared) {
    this.shared = shared;
  }

  /** Cancels everything this process scheduled; nothing of it runs again. */
  public void kill() {
    killed = true;
    pending.forEach(f -> f.cancel(false));
    pending.clear();
  }

  public boolean killed() {
    return killed;
  }

  private Runnable guarded(Runnable command) {
    return () -> {
      if (!killed) {
        command.run();
      }
    };
  }

  private <F extends ScheduledFuture<?>> F track(F future) {
    pending.removeIf(ScheduledFuture::isDone);
    pending.add(future);
    return future;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return track(shared.schedule(guarded(command), delay, unit));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return track(
        shared.schedule(
            () -> {
              if (killed) {
                return null;
              }
              return callable.call();
            },
            delay,
            unit));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return track(shared.scheduleAtFixedRate(guarded(command), initialDelay, period, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return track(shared.scheduleWithFixedDelay(guarded(command), initialDelay, delay, unit));
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    kill();
  }

  @Override
  public List<Runnable> shutdownNow() {
    kill();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return killed;
  }

  @Override
  public boolean isTerminated() {
    return killed;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return killed;
  }
}
