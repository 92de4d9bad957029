package dev.baton.outside;

import dev.baton.domain.OutsideProbe;
import dev.baton.domain.OutsideProbeRuns;
import dev.baton.domain.OutsideReport;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.Topology;
import dev.baton.port.OutsideProber;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The AWS perspective of one monitor (docs/decisions/0023): probes every region's public health URL
 * from the monitor's AWS region, at most once a heartbeat interval, when the monitor evaluates
 * anyway (a stream batch, the sweeper). A monitor evaluates only while beats arrive, so it probes
 * only then; the outside view is needed only then.
 */
public final class MonitorPerspective {
  private final String perspective;
  private final String prober;
  private final OutsideProber probes;
  private final Map<String, URI> targets = new LinkedHashMap<>();
  private final Duration every;
  private final Clock clock;
  private final OutsideProbeRuns runs;
  private Instant lastRound;

  /**
   * @param awsRegion where this monitor runs (its perspective is {@code aws:<awsRegion>})
   * @param prober this monitor's name among the perspective's probers
   */
  public MonitorPerspective(
      Topology topology, String awsRegion, String prober, OutsideProber probes, Clock clock) {
    this.perspective = OutsideReport.awsPerspective(Objects.requireNonNull(awsRegion, "awsRegion"));
    this.prober = Objects.requireNonNull(prober, "prober");
    this.probes = Objects.requireNonNull(probes, "probes");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.every = topology.timings().heartbeatInterval();
    this.runs = new OutsideProbeRuns(every);
    for (RegionConfig r : topology.regions()) {
      if (r.healthUrl() != null && !r.healthUrl().isBlank()) {
        targets.put(r.name(), URI.create(r.healthUrl()));
      }
    }
  }

  public String perspective() {
    return perspective;
  }

  /**
   * A round of probes if the last one is at least a heartbeat interval old (or none ran), else
   * empty.
   */
  public Optional<OutsideReport> probeIfDue() {
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (lastRound != null && Duration.between(lastRound, now).compareTo(every) < 0) {
      return Optional.empty();
    }
    lastRound = now;
    Map<String, OutsideProber.Outcome> outcomes = probes.probe(targets);
    // The round's instant is when it began: a failure it saw had happened by then or during it.
    Instant at = now;
    Map<String, OutsideProbe> results = new LinkedHashMap<>();
    outcomes.forEach(
        (region, outcome) ->
            results.put(region, runs.note(region, outcome.ok(), outcome.detail(), at)));
    return Optional.of(new OutsideReport(perspective, prober, at, results));
  }
}
