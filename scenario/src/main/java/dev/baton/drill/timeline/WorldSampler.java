package dev.baton.drill.timeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the world (every agent's role, every router's target) on its own daemon thread and
 * records the changes on the timeline. Its own thread, not the table watcher's, so that a slow
 * table read never delays a sample: a dual-active moment shorter than a table read is still seen.
 */
public final class WorldSampler implements AutoCloseable {
  /** How often the drill samples: fine enough to measure a hand-over's overlap. */
  public static final Duration PERIOD = Duration.ofMillis(50);

  static final String ERROR = "sampling the agents' roles and the routers failed at least once: ";

  private static final Logger LOG = LoggerFactory.getLogger(WorldSampler.class);

  private final Supplier<WorldSample> world;
  private final DrillTimeline timeline;
  private final List<String> errors;
  private final WorldChanges changes = new WorldChanges();
  private final AtomicBoolean failed = new AtomicBoolean();
  private ScheduledExecutorService executor;

  /**
   * @param world takes one sample ({@code DrillStack::sampleWorld})
   * @param timeline where the changes go, at the elapsed time the sample returned
   * @param errors the drill's errors (thread-safe); the first failed sample adds one
   */
  public WorldSampler(Supplier<WorldSample> world, DrillTimeline timeline, List<String> errors) {
    this.world = world;
    this.timeline = timeline;
    this.errors = errors;
  }

  /** Samples now and then every {@code period} until {@link #close()}. */
  public synchronized void start(Duration period) {
    if (executor != null) {
      throw new IllegalStateException("the sampler is already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drill-sampler");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleAtFixedRate(this::sampleOnce, 0, period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Takes one sample and records what changed since the previous one. */
  public synchronized void sampleOnce() {
    try {
      WorldSample sample = world.get();
      changes.next(sample, timeline.elapsed()).forEach(timeline::record);
    } catch (RuntimeException e) {
      // The next tick samples again; the drill reports it once, so a gap in the lanes is explained.
      LOG.warn("sampling the world failed: {}", e.toString());
      if (failed.compareAndSet(false, true)) {
        errors.add(ERROR + e.getMessage());
      }
    }
  }

  /** Stops sampling (waits up to 5 s for a sample under way). */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = executor;
    }
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the world sampler did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
