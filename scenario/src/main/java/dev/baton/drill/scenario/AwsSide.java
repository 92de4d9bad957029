package dev.baton.drill.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The AWS side of a drill: the replicas of the global table and the region where the monitor (the
 * three functions) runs. A scenario without {@code aws:} has one replica, {@link #DEFAULT_REGION},
 * which is also home, and no replication at all (today's single-table behaviour and timings).
 *
 * @param home where the monitor runs; its replica's stream feeds the stream function
 * @param replicas every replica, in file order (home among them)
 * @param minDelay the shortest default replication delay (scaled)
 * @param maxDelay the longest default replication delay (scaled); each write draws uniformly
 * @param declared whether the scenario declared {@code aws:} (false: one replica, no replicator)
 * @param monitorRegions where a monitor runs: {@code [home]}, or the three regions of a strongly
 *     consistent (MRSC) control table, each running a monitor on its own replica (issue 14)
 */
public record AwsSide(
    String home,
    List<String> replicas,
    Duration minDelay,
    Duration maxDelay,
    boolean declared,
    List<String> monitorRegions) {

  /** A scenario's AWS side with one monitor, in {@code home}. */
  public AwsSide(
      String home, List<String> replicas, Duration minDelay, Duration maxDelay, boolean declared) {
    this(home, replicas, minDelay, maxDelay, declared, List.of(home));
  }

  /** The single replica of a scenario without {@code aws:}. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** DynamoDB global tables replicate typically within a second: 0.5 to 1 s by default. */
  public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(500);

  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);

  public AwsSide {
    Objects.requireNonNull(home, "home");
    replicas = List.copyOf(replicas);
    if (!replicas.contains(home)) {
      throw new IllegalArgumentException("home " + home + " must be one of " + replicas);
    }
    monitorRegions = List.copyOf(monitorRegions);
    if (!monitorRegions.contains(home) || !replicas.containsAll(monitorRegions)) {
      throw new IllegalArgumentException(
          "monitor regions " + monitorRegions + " must include home and be replicas " + replicas);
    }
  }

  /**
   * Whether the control table is strongly consistent across three regions (DynamoDB MRSC): one
   * linearizable copy, a monitor on each replica.
   */
  public boolean strong() {
    return monitorRegions.size() > 1;
  }

  /** One replica, no replication: what a scenario without {@code aws:} gets. */
  public static AwsSide single() {
    return new AwsSide(
        DEFAULT_REGION, List.of(DEFAULT_REGION), DEFAULT_MIN_DELAY, DEFAULT_MAX_DELAY, false);
  }

  /** Whether writes are replicated between several replicas. */
  public boolean replicated() {
    return replicas.size() > 1;
  }
}
