package dev.baton.benchmarks;

import dev.baton.domain.Baton;
import dev.baton.domain.Check;
import dev.baton.domain.Evaluation;
import dev.baton.domain.Evaluator;
import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.FleetView;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RegionState;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stream function's hot path: a batch of 1,000 heartbeat records applied to the fleet view of 5
 * regions x 200 instances, then one evaluation of every region. Target: median <= 5 ms
 * (docs/benchmarks.md, "Decision core").
 *
 * <p>Each invocation beats every instance once more (5 s later, next seq), so every record is
 * applied rather than dropped as a duplicate. A few instances report DEGRADED, UNHEALTHY or
 * DRAINING, or beat with a skewed clock, so those paths are measured too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class DecisionCoreBenchmark {
  static final List<String> REGIONS = List.of("nyc1", "ams3", "sfo3", "fra1", "sgp1");
  static final int INSTANCES_PER_REGION = 200;

  private Evaluator evaluator;
  private FleetView fleet;
  private Map<String, RegionState> states;
  private Baton baton;
  private Instant now;
  private Instant monitorStartedAt;
  private long seq;
  private HeartbeatStatus[] statuses;
  private Map<String, Check> checks;

  @Setup(Level.Trial)
  public void setUp() {
    List<RegionConfig> regions = new ArrayList<>();
    for (int i = 0; i < REGIONS.size(); i++) {
      regions.add(
          new RegionConfig(REGIONS.get(i), i + 1, "us-east-1", "lb-" + i, "203.0.113." + i, null));
    }
    Topology topology =
        new Topology("bench", regions, List.of(), Timings.DEFAULTS, FailoverPolicy.DEFAULTS);
    evaluator = new Evaluator(topology, "baton:benchmark");
    fleet = new FleetView();
    states = new HashMap<>();
    now = Instant.parse("2025-06-01T12:00:00Z");
    monitorStartedAt = now.minus(Duration.ofHours(1));
    baton = Baton.initial("nyc1", monitorStartedAt);
    checks = Map.of("app", new Check(true, 12, ""), "store", new Check(true, 30, ""));
    statuses = new HeartbeatStatus[INSTANCES_PER_REGION];
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] =
          switch (i % 50) {
            case 7 -> HeartbeatStatus.DEGRADED;
            case 13, 29 -> HeartbeatStatus.UNHEALTHY;
            case 41 -> HeartbeatStatus.DRAINING;
            default -> HeartbeatStatus.HEALTHY;
          };
    }
    // Warm the view and the states as a running monitor has them.
    beatAndEvaluate();
  }

  @Benchmark
  public Evaluation applyBatchAndEvaluate() {
    return beatAndEvaluate();
  }

  private Evaluation beatAndEvaluate() {
    now = now.plusSeconds(5);
    seq++;
    for (String region : REGIONS) {
      for (int i = 0; i < INSTANCES_PER_REGION; i++) {
        // One instance in a hundred has a clock 30 s behind: reported as clock-skew.
        Instant sentAt = i % 100 == 3 ? now.minusSeconds(30) : now;
        fleet.apply(
            new Heartbeat(region, "i-" + i, statuses[i], seq, sentAt, checks, "1.0.0", now));
      }
    }
    Evaluation e = evaluator.evaluate(fleet, states, baton, now, monitorStartedAt);
    states = e.regions();
    return e;
  }
}
