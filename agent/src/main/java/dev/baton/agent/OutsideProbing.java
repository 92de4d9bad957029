package dev.baton.agent;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.store.OutsideTargets;
import dev.baton.domain.OutsideProbe;
import dev.baton.domain.OutsideProbeRuns;
import dev.baton.port.OutsideProber;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's probes of the other regions' public health URLs (docs/decisions/0023): the targets
 * come from the latest baton read (the monitor publishes them on the baton item), a round probes
 * every one but this agent's own region, and each result becomes an {@link OutsideProbe} whose
 * {@code downSince} stays put while a failure lasts ({@link OutsideProbeRuns}). Used by the beat
 * thread only (under the agent's lock).
 */
final class OutsideProbing {
  private static final Logger LOG = LoggerFactory.getLogger(OutsideProbing.class);

  /** How much longer than the probe timeout a round may take before the beat goes without it. */
  private static final Duration ROUND_GRACE = Duration.ofSeconds(1);

  private final Logger log;
  private final String region;
  private final Duration timeout;
  private final OutsideProber prober;
  private final Executor executor;
  private final OutsideProbeRuns runs;
  private final Map<String, Boolean> lastOk = new HashMap<>();
  private Map<String, URI> targets = Map.of();
  private String problem;

  /**
   * @param prober the prober, or null to probe nothing
   * @param executor where a round runs, so it overlaps the app probe ({@code Runnable::run}: in the
   *     beat thread, before the app probe)
   */
  OutsideProbing(
      String region, Duration timeout, Duration interval, OutsideProber prober, Executor executor) {
    this(region, timeout, interval, prober, executor, LOG);
  }

  /**
   * As above, logging to {@code log} (tests read what an operator would).
   *
   * @param interval how often a round runs (the heartbeat interval): a failure run counts from no
   *     earlier than half of it before its first failed probe
   */
  OutsideProbing(
      String region,
      Duration timeout,
      Duration interval,
      OutsideProber prober,
      Executor executor,
      Logger log) {
    this.runs = new OutsideProbeRuns(interval);
    this.log = log;
    this.region = region;
    this.timeout = timeout;
    this.prober = prober;
    this.executor = executor;
  }

  /**
   * How long one outside probe may wait for an answer: the monitor's rule (40 % of the heartbeat
   * interval, at most 2 s) and never longer than the app probe's {@code probe.timeout}, so a round
   * run beside the app probe does not make the beat longer.
   */
  static Duration timeout(AgentConfig config) {
    Duration share = config.heartbeatInterval().multipliedBy(2).dividedBy(5);
    Duration rule = share.compareTo(Duration.ofSeconds(2)) < 0 ? share : Duration.ofSeconds(2);
    Duration app = config.probe().timeout();
    return app.compareTo(rule) < 0 ? app : rule;
  }

  boolean enabled() {
    return prober != null;
  }

  /** Takes the targets from a successful baton read; a malformed attribute means no targets. */
  void published(OutsideTargets published) {
    if (published.problem() != null) {
      if (!published.problem().equals(problem)) {
        log.error(
            "not probing other regions from outside: the baton item's {}", published.problem());
        problem = published.problem();
      }
      targets = Map.of();
      return;
    }
    if (problem != null) {
      log.info("the baton item's outside targets are readable again");
      problem = null;
    }
    Map<String, URI> others = new LinkedHashMap<>(published.targets());
    others.remove(region);
    if (!others.keySet().equals(targets.keySet()) && prober != null) {
      log.info(
          others.isEmpty()
              ? "no other region's public health URL is published: probing none from outside"
              : "probing from outside the public health URLs of {}",
          others.keySet());
    }
    targets = Map.copyOf(others);
  }

  /** A round started at {@code at} (the agent's clock) over the current targets. */
  record Round(
      Instant at,
      Map<String, URI> targets,
      CompletableFuture<Map<String, OutsideProber.Outcome>> outcomes) {}

  /** Starts a round, or returns null when there is nothing to probe. */
  Round start(Instant at) {
    runs.retain(targets.keySet());
    lastOk.keySet().retainAll(targets.keySet());
    if (prober == null || targets.isEmpty()) {
      return null;
    }
    Map<String, URI> round = targets;
    CompletableFuture<Map<String, OutsideProber.Outcome>> outcomes = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              outcomes.complete(prober.probe(round));
            } catch (RuntimeException e) {
              outcomes.completeExceptionally(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      outcomes.completeExceptionally(e);
    }
    return new Round(at, round, outcomes);
  }

  /** The round's probes for the beat, by region (empty when it failed or took too long). */
  Map<String, OutsideProbe> finish(Round round) {
    if (round == null) {
      return Map.of();
    }
    Map<String, OutsideProber.Outcome> outcomes;
    try {
      outcomes = round.outcomes().get(timeout.plus(ROUND_GRACE).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      round.outcomes().cancel(true);
      log.warn(
          "outside probes of {} took longer than {} ms: this beat carries none",
          round.targets().keySet(),
          timeout.plus(ROUND_GRACE).toMillis());
      return Map.of();
    } catch (ExecutionException e) {
      log.error(
          "outside probes of {} failed: this beat carries none",
          round.targets().keySet(),
          e.getCause());
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
    Map<String, OutsideProbe> probes = new LinkedHashMap<>();
    for (String target : round.targets().keySet()) {
      OutsideProber.Outcome outcome = outcomes.get(target);
      if (outcome == null) {
        continue; // the prober owes an outcome per target; none is no evidence either way
      }
      OutsideProbe probe = runs.note(target, outcome.ok(), outcome.detail(), round.at());
      noteVerdict(target, outcome);
      probes.put(target, probe);
    }
    return probes;
  }

  /** Logs a target's verdict when it changes (its detail, never its URL). */
  private void noteVerdict(String target, OutsideProber.Outcome outcome) {
    Boolean before = lastOk.put(target, outcome.ok());
    if (before != null && before == outcome.ok()) {
      return;
    }
    if (outcome.ok()) {
      log.info(
          "outside probe of {}: {} ({})",
          target,
          before == null ? "reachable" : "reachable again",
          outcome.detail());
    } else {
      log.warn("outside probe of {}: unreachable from {} ({})", target, region, outcome.detail());
    }
  }
}
