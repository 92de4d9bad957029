package dev.baton.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link ScheduledEvent}s as an EventBridge schedule rule does ({@code rate(1 minute)}),
 * optionally faster: a {@code timeScale} of 60 fires a one-minute rule every second, for drills and
 * tests with scaled-down timings. One event at a time; a target that throws is logged and the
 * schedule goes on (the template's rule does not retry either).
 */
public final class Schedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);

  private final Duration rate;
  private final double timeScale;
  private final Consumer<ScheduledEvent> target;
  private final String ruleArn;
  private final String region;
  private final Clock clock;
  private ScheduledExecutorService executor;

  /**
   * @param rate the rule's rate, e.g. one minute
   * @param timeScale how many times faster than real time it fires (1: as deployed)
   * @param target called with each event, as Lambda calls the handler
   * @param ruleArn the rule named in the event's {@code resources}
   * @param region the event's region
   * @param clock the event's {@code time}
   */
  public Schedule(
      Duration rate,
      double timeScale,
      Consumer<ScheduledEvent> target,
      String ruleArn,
      String region,
      Clock clock) {
    if (rate.isNegative() || rate.isZero()) {
      throw new IllegalArgumentException("rate must be positive, was " + rate);
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("timeScale must be > 0, was " + timeScale);
    }
    this.rate = rate;
    this.timeScale = timeScale;
    this.target = Objects.requireNonNull(target, "target");
    this.ruleArn = Objects.requireNonNull(ruleArn, "ruleArn");
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A schedule for the sweeper's rule in us-east-1 on the system clock. */
  public static Schedule every(Duration rate, double timeScale, Consumer<ScheduledEvent> target) {
    return new Schedule(
        rate,
        timeScale,
        target,
        "arn:aws:events:us-east-1:123456789012:rule/baton-sweep",
        "us-east-1",
        Clock.systemUTC());
  }

  /** The real interval between events: {@code rate / timeScale}. */
  public Duration interval() {
    return Duration.ofNanos(Math.max(1, (long) (rate.toNanos() / timeScale)));
  }

  /** Starts firing; the first event is sent one interval from now, as a new rule does. */
  public synchronized Schedule start() {
    if (executor != null) {
      throw new IllegalStateException("schedule already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "schedule");
              t.setDaemon(true);
              return t;
            });
    long nanos = interval().toNanos();
    executor.scheduleAtFixedRate(this::fire, nanos, nanos, TimeUnit.NANOSECONDS);
    LOG.info("schedule {} every {} (rate {} scaled {}x)", ruleArn, interval(), rate, timeScale);
    return this;
  }

  /** Stops firing and waits for an event in flight to be handled. */
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("a scheduled event is still being handled after 30 s; not waiting longer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** The event EventBridge would send now. */
  public ScheduledEvent event() {
    ScheduledEvent event = new ScheduledEvent();
    event.setVersion("0");
    event.setId(UUID.randomUUID().toString());
    event.setDetailType("Scheduled Event");
    event.setSource("aws.events");
    event.setAccount(ruleArn.split(":")[4]);
    event.setTime(new DateTime(clock.millis(), DateTimeZone.UTC));
    event.setRegion(region);
    event.setResources(List.of(ruleArn));
    event.setDetail(Map.of());
    return event;
  }

  private void fire() {
    try {
      target.accept(event());
    } catch (RuntimeException e) {
      // Like EventBridge with no retries: the failure is reported and the next event comes anyway.
      LOG.warn("scheduled target failed: {}", e.toString());
    }
  }
}
