package dev.baton.sim.aws;

import dev.baton.domain.RegionConfig;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck;
import dev.baton.port.TrafficRouter;
import dev.baton.promotion.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A traffic provider in memory (a Global LB, a DNS record): which region it sends users to, every
 * change with its virtual time, and how it answers: after {@link #latency} (virtual time, through
 * the saga's sleeper), and on command with 429 (with retry-after), 5xx, or a hang that ends in a
 * client timeout. Failures are the {@link ProviderException}s the real routers throw.
 *
 * <p>With {@link #stalls}, a hanging call may instead stall past the client's timeout ({@link
 * #STALL}): the provider sends its response headers and then nothing, and {@code java.net.http}'s
 * request timeout covers waiting for the headers, not reading the body. Only a Lambda timeout ends
 * such a call.
 */
public final class SimulatedRouter implements TrafficRouter {
  /** How a call is answered. */
  public enum Answer {
    OK,
    RATE_LIMITED,
    SERVER_ERROR,
    HANG
  }

  /** One change of the target. */
  public record Change(Instant at, String from, String to) {}

  /** The real routers' HTTP timeout: a hanging provider fails the call after this. */
  public static final Duration CLIENT_TIMEOUT = dev.baton.routing.ProviderEndpoint.DEFAULT_TIMEOUT;

  /** How long a stalled call waits: past any Lambda timeout (at most 900 s). */
  public static final Duration STALL = Duration.ofMinutes(16);

  private final String name;
  private final Clock clock;
  private final Sleeper sleeper;
  private final List<Change> changes = new ArrayList<>();
  private String target;
  private Duration latency = Duration.ZERO;
  private Answer answer = Answer.OK;
  private int answersLeft;
  private Duration retryAfter = Duration.ofSeconds(1);
  private int calls;
  private double stallChance;
  private RandomGenerator stallRandom;
  private int stalled;

  public SimulatedRouter(String name, String initialTarget, Clock clock, Sleeper sleeper) {
    this.name = Objects.requireNonNull(name, "name");
    this.target = Objects.requireNonNull(initialTarget, "initialTarget");
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Where users are sent now. */
  public String target() {
    return target;
  }

  public List<Change> changes() {
    return List.copyOf(changes);
  }

  public int calls() {
    return calls;
  }

  /** Every call takes {@code latency} of virtual time. */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  /** The next {@code times} writes are answered with {@code answer} ({@code -1}: until changed). */
  public void answer(Answer answer, int times) {
    this.answer = answer;
    this.answersLeft = times;
  }

  /**
   * A hanging call stalls past the client timeout with {@code chance}, drawn from {@code random}
   * (drawn only for hanging calls, so a run without hangs draws nothing).
   */
  public void stalls(double chance, RandomGenerator random) {
    this.stallChance = chance;
    this.stallRandom = Objects.requireNonNull(random, "random");
  }

  /** How many calls stalled past the client timeout. */
  public int stalled() {
    return stalled;
  }

  /** The retry-after a 429 carries. */
  public void retryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<PlannedRequest> plan(RegionConfig to) {
    return List.of(
        new PlannedRequest(name, "PUT", "sim://" + name, "{\"target\":\"" + to.name() + "\"}"));
  }

  @Override
  public String shift(RegionConfig to) {
    write("shift to " + to.name());
    if (target.equals(to.name())) {
      return name + " already sends traffic to " + to.name();
    }
    String before = target;
    target = to.name();
    changes.add(new Change(clock.instant(), before, target));
    return name + " now sends traffic to " + to.name() + ", was " + before;
  }

  @Override
  public String verify(RegionConfig to) {
    read("verify " + to.name());
    if (!target.equals(to.name())) {
      throw new ProviderException(name, "sends traffic to " + target + ", not " + to.name(), true);
    }
    return name + " sends traffic to " + to.name();
  }

  @Override
  public List<ReadinessCheck.Problem> readiness(List<RegionConfig> regions) {
    return List.of();
  }

  /**
   * A read (a verify, the readiness check's): it takes the provider's latency, and the armed
   * failures leave it alone, as the drill's fakes do ({@code provider-fail} fails the next write
   * calls, docs/drills.md).
   */
  private void read(String what) {
    calls++;
    sleep(latency);
  }

  /** A write (a shift): the next armed failure, if any, answers it. */
  private void write(String what) {
    calls++;
    sleep(latency);
    Answer now = answer;
    if (answersLeft > 0 && --answersLeft == 0) {
      answer = Answer.OK;
    }
    switch (now) {
      case OK -> {}
      case RATE_LIMITED ->
          throw new ProviderException(
              name, what + ": 429 Too Many Requests", true, retryAfter, null);
      case SERVER_ERROR ->
          throw new ProviderException(name, what + ": 503 Service Unavailable", true);
      case HANG -> {
        if (stallRandom != null && stallRandom.nextDouble() < stallChance) {
          stalled++;
          sleep(STALL);
          throw new ProviderException(
              name, what + ": the answer stalled for " + STALL.toMinutes() + " min", true);
        }
        sleep(CLIENT_TIMEOUT);
        throw new ProviderException(
            name, what + ": no answer within " + CLIENT_TIMEOUT.toMillis() + " ms", true);
      }
    }
  }

  private void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(name, "interrupted", true);
    }
  }
}
