package dev.baton.detection;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record;
import dev.baton.domain.Baton;
import dev.baton.domain.Evaluation;
import dev.baton.domain.Evaluator;
import dev.baton.domain.FleetView;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.InstanceKey;
import dev.baton.domain.OutsideReport;
import dev.baton.domain.OutsideVerdict;
import dev.baton.domain.OutsideView;
import dev.baton.domain.PerspectiveView;
import dev.baton.domain.RegionCensus;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import dev.baton.observability.LogFields;
import dev.baton.observability.MetricNames;
import dev.baton.outside.MonitorPerspective;
import dev.baton.port.DependencyException;
import dev.baton.store.TableKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application service behind both detectors: holds the fleet view (seeded from the table on
 * first use, re-synced every {@code resyncInterval}), applies heartbeat stream records to it,
 * evaluates every region at the clock's {@code now} and carries out the decisions.
 *
 * <p>Failure rules: a record that cannot be read is skipped with a log line and the {@code
 * MalformedRecord} metric (retrying cannot change it); a store or invoke failure that a retry may
 * fix is reported as a batch item failure so Lambda redelivers; a lost race on a region state
 * re-reads the states and re-evaluates once.
 *
 * <p>Not thread-safe: Lambda calls one handler instance with one batch at a time.
 */
public final class FleetMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(FleetMonitor.class);

  private final Topology topology;
  private final Evaluator evaluator;
  private final MonitorPorts ports;
  private final Clock clock;
  private final Duration resyncInterval;
  private final StreamRecordReader reader = new StreamRecordReader();
  private final DecisionRunner decisions;

  private final FleetView view = new FleetView();

  /**
   * The beats in stream order only: a re-read of the table (which may be ahead of a lagging stream)
   * seeds instances this view has not seen but never moves one, so the evidence of up periods is
   * taken beat by beat, in the order the agents wrote them.
   */
  private final FleetView streamed = new FleetView();

  private final Set<String> regions;

  /** At most this many unknown-region instances are logged by name; the metric counts them all. */
  static final int MAX_UNKNOWN_LOGGED = 1000;

  /** The instances of unknown regions already logged (once each, not once per beat). */
  private final Set<InstanceKey> unknownLogged = new LinkedHashSet<>();

  private boolean unknownOverflowLogged;

  /** The region states as last evaluated: their evidence may be newer than the table's. */
  private Map<String, RegionState> states = Map.of();

  /** The region states as last read from or written to the table. */
  private Map<String, RegionState> stored = Map.of();

  /**
   * Per region, the latest instant a quorum was known up among the beats applied since the last
   * evaluation: a batch may span an up period that its last beat no longer shows.
   */
  private final Map<String, Instant> upSeen = new HashMap<>();

  private Instant startedAt;
  private MonitorPerspective perspective;
  private Instant syncedAt;

  /**
   * @param requestedBy who the promotion requests name, e.g. {@code baton:health-transition}
   * @param resyncInterval how often the view is re-read from the table: it catches beats handled by
   *     another shard's instance and beats this instance missed
   */
  public FleetMonitor(
      Topology topology,
      MonitorPorts ports,
      Clock clock,
      String requestedBy,
      Duration resyncInterval) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.evaluator = new Evaluator(topology, requestedBy);
    this.ports = Objects.requireNonNull(ports, "ports");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.resyncInterval = Objects.requireNonNull(resyncInterval, "resyncInterval");
    this.decisions = new DecisionRunner(ports);
    this.regions = Set.copyOf(topology.regionNamesByPriority());
    this.startedAt = clock.instant();
  }

  /**
   * Gives this monitor its own outside perspective (docs/decisions/0023): it probes every region's
   * public health URL at most once a heartbeat interval, before it evaluates.
   */
  public FleetMonitor withPerspective(MonitorPerspective perspective) {
    this.perspective = perspective;
    return this;
  }

  public Topology topology() {
    return topology;
  }

  /** The latest beat of every instance in view (a copy, for diagnostics and tests). */
  public List<Heartbeat> beatsInView() {
    return view.all();
  }

  /**
   * The instances whose beats were ignored because their region is not in the topology, as {@code
   * region/instanceId}, in the order first seen (at most {@link #MAX_UNKNOWN_LOGGED}).
   */
  public List<String> unknownRegionInstances() {
    return unknownLogged.stream().map(InstanceKey::toString).toList();
  }

  /** When this monitor (re)started: it judges nothing for the topology's startup grace. */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * Applies one batch of stream records, in order, then evaluates the fleet.
   *
   * @return which records Lambda must redeliver (none unless a retry may help)
   */
  public StreamBatchResult onStreamRecords(List<? extends Record> records) {
    if (records.isEmpty()) {
      return new StreamBatchResult(List.of(), 0, Map.of(), 0);
    }
    Instant now = clock.instant();
    try {
      syncIfDue(now);
    } catch (DependencyException e) {
      if (!e.retryable()) {
        throw e;
      }
      LOG.warn(
          "cannot read the fleet from the table; the batch will be redelivered: {}",
          e.getMessage());
      return new StreamBatchResult(List.of(sequenceNumber(records.get(0))), 0, Map.of(), 0);
    }

    int applied = 0;
    int malformed = 0;
    Map<IgnoredCause, Integer> ignored = new EnumMap<>(IgnoredCause.class);
    for (Record record : records) {
      RecordReading reading = reader.read(record);
      if (reading instanceof RecordReading.Beat beat && !regions.contains(beat.beat().region())) {
        ignored.merge(IgnoredCause.UNKNOWN_REGION, 1, Integer::sum);
        logUnknownRegion(beat.beat());
      } else if (reading instanceof RecordReading.Beat beat) {
        noteUpEvidence(beat.beat(), now);
        streamed.apply(beat.beat());
        switch (view.apply(beat.beat())) {
          case APPLIED -> applied++;
          case DUPLICATE -> ignored.merge(IgnoredCause.DUPLICATE, 1, Integer::sum);
          case OUT_OF_ORDER -> ignored.merge(IgnoredCause.OUT_OF_ORDER, 1, Integer::sum);
        }
      } else if (reading instanceof RecordReading.Ignored skip) {
        ignored.merge(skip.cause(), 1, Integer::sum);
      } else if (reading instanceof RecordReading.Malformed bad) {
        malformed++;
        logMalformed(record, bad);
      }
    }
    ignored.forEach(
        (cause, count) ->
            ports
                .metrics()
                .count(
                    MetricNames.RECORDS_IGNORED,
                    count,
                    Map.of(MetricNames.CAUSE, cause.dimension())));
    if (malformed > 0) {
      ports.metrics().count(MetricNames.MALFORMED_RECORD, malformed, Map.of());
    }

    List<String> failed = List.of();
    try {
      evaluateAndAct(clock.instant());
    } catch (DependencyException e) {
      if (!e.retryable()) {
        throw e;
      }
      // The beats are in the view already; redelivering the last record re-runs the evaluation.
      LOG.warn("evaluation not carried out; asking Lambda to redeliver: {}", e.getMessage());
      failed = List.of(sequenceNumber(records.get(records.size() - 1)));
    }
    return new StreamBatchResult(failed, applied, ignored, malformed);
  }

  /**
   * The sweeper's run: re-reads the whole fleet from the table, evaluates, and marks the beats that
   * are stale (DRAINING beats excepted: a drained instance is not down).
   */
  public SweepReport sweep() {
    Instant now = clock.instant();
    sync(now);
    Evaluated evaluated = evaluateAndAct(clock.instant());
    Duration staleAfter = topology.timings().staleAfter();
    int marked = 0;
    int overtaken = 0;
    for (Heartbeat beat : view.all()) {
      if (beat.status() == HeartbeatStatus.STALE
          || beat.status() == HeartbeatStatus.DRAINING
          || Duration.between(beat.sentAt(), now).compareTo(staleAfter) <= 0) {
        continue;
      }
      if (ports.heartbeats().markStale(beat.key(), beat.seq(), now)) {
        marked++;
        LOG.info(
            "marked {} STALE: last beat seq {} sent at {}, older than staleAfter {}",
            beat.key(),
            beat.seq(),
            beat.sentAt(),
            staleAfter);
      } else {
        overtaken++;
      }
    }
    if (marked > 0) {
      ports.metrics().count(MetricNames.HEARTBEATS_MARKED_STALE, marked, Map.of());
    }
    Map<String, RegionHealth> health = new HashMap<>();
    evaluated.evaluation().regions().forEach((region, state) -> health.put(region, state.health()));
    return new SweepReport(
        evaluated.evaluation().summary(),
        marked,
        overtaken,
        view.size(),
        evaluated.baton(),
        health);
  }

  /**
   * SnapStart: loads the classes of the hot path and opens the table connection with reads only
   * (the baton and the fleet); nothing is written, no metric fires, no promotion is asked for.
   */
  public void prime() {
    Instant now = clock.instant();
    Optional<Baton> baton = ports.baton().read();
    FleetView fleet =
        FleetView.of(
            futureDatedSeenNow(
                ports.heartbeats().loadFleet(topology.regionNamesByPriority()),
                now,
                topology.timings().maxClockSkew()));
    evaluator.evaluate(fleet, Map.of(), baton.orElseGet(() -> provisionalBaton(now)), now, now);
    reader.read(PrimingRecord.heartbeat(now));
  }

  /**
   * Forgets the view and restarts the startup grace (after a SnapStart restore the snapshot's view
   * is minutes or days old); the next call re-reads the table.
   */
  public void restart() {
    view.replaceAll(List.of());
    streamed.replaceAll(List.of());
    states = Map.of();
    stored = Map.of();
    upSeen.clear();
    decisions.forget();
    syncedAt = null;
    startedAt = clock.instant();
  }

  private void syncIfDue(Instant now) {
    if (syncedAt == null) {
      sync(now);
      return;
    }
    if (Duration.between(syncedAt, now).compareTo(resyncInterval) < 0) {
      return;
    }
    try {
      sync(now);
    } catch (DependencyException e) {
      // The stream-fed view is still good; the next batch tries again.
      LOG.warn("periodic re-sync failed, keeping the current view: {}", e.getMessage());
    }
  }

  /**
   * Replaces the view with the table's beats, keeping the stream time of beats already held, and
   * re-reads the region states (see {@link #reloadStates}).
   */
  private void sync(Instant now) {
    List<Heartbeat> loaded =
        futureDatedSeenNow(
            ports.heartbeats().loadFleet(topology.regionNamesByPriority()),
            now,
            topology.timings().maxClockSkew());
    reloadStates();
    Map<InstanceKey, Heartbeat> held = new HashMap<>();
    view.all().forEach(beat -> held.put(beat.key(), beat));
    List<Heartbeat> merged = new ArrayList<>(loaded.size());
    for (Heartbeat beat : loaded) {
      Heartbeat mine = held.get(beat.key());
      merged.add(mine != null && mine.seq() >= beat.seq() ? mine : beat);
    }
    view.replaceAll(merged);
    loaded.forEach(streamed::applyIfAbsent);
    syncedAt = now;
    LOG.debug(
        "fleet re-read from the table: {} instances, {} region states",
        merged.size(),
        stored.size());
  }

  /**
   * Beats read from the table carry no stream time. Agents stamp them with the authority's time
   * (they anchor their clock to the table's before their first beat), so their {@code sentAt} is
   * right within about 2 s; a beat dated more than {@code maxClockSkew} after {@code now} was
   * written by a clock that is not (an agent from before the authority clock, or a bug). It was
   * written by {@code now} at the latest: it gets {@code now} as its observation time, so the
   * census reports it DEGRADED ({@code clock-skew}) and judges its freshness from the first time
   * this monitor saw it (a held beat of the same seq keeps its earlier observation), never from its
   * future date alone. Finding 6 of issue 13.
   */
  static List<Heartbeat> futureDatedSeenNow(
      List<Heartbeat> loaded, Instant now, Duration maxClockSkew) {
    Instant latest = now.plus(maxClockSkew);
    List<Heartbeat> out = new ArrayList<>(loaded.size());
    for (Heartbeat beat : loaded) {
      if (beat.observedAt() == null && beat.sentAt().isAfter(latest)) {
        LOG.warn(
            "{}/{} beat seq {} is dated {}, {} ms ahead of this monitor's clock: judged as seen now",
            beat.region(),
            beat.instanceId(),
            beat.seq(),
            beat.sentAt(),
            Duration.between(now, beat.sentAt()).toMillis());
        out.add(beat.observedAt(now));
      } else {
        out.add(beat);
      }
    }
    return out;
  }

  /** An evaluation carried out, with the baton it was made on. */
  private record Evaluated(Evaluation evaluation, Optional<Baton> baton) {}

  /**
   * Re-reads the region states from the table. A stored state replaces the one this monitor
   * evaluated only when someone stored a newer version; at the same version, this monitor's state
   * holds the same judgement with newer evidence ({@code lastUpAt}) that it had no reason to write
   * yet, and dropping it would make a down region look down for longer than it is.
   */
  private void reloadStates() {
    Map<String, RegionState> loaded = ports.regionStates().loadAll();
    Map<String, RegionState> merged = new HashMap<>(loaded);
    states.forEach(
        (region, mine) -> {
          RegionState theirs = loaded.get(region);
          if (theirs == null || theirs.version() <= mine.version()) {
            merged.put(region, mine);
          }
        });
    states = merged;
    stored = loaded;
  }

  /**
   * Before {@code beat} is applied in stream order: if it ends an instance's up run (an up beat
   * followed by one that is not up), records how late its region's quorum was known up just before.
   * The next evaluation sees only the latest beat of each instance, and a late batch may hold a
   * whole up period followed by the first beat of the next outage. Between two such beats the
   * region's {@code knownUpAt} only grows, so its latest value in a batch is the one at the end
   * (which the evaluation takes) or one taken here: one census per up-to-down change, not per beat.
   * The census is taken with the down beat in place of the up one, counting the instance up until
   * the down beat's {@code upUntil}, or for an agent that does not send it, until midway between
   * the two beats.
   */
  private void noteUpEvidence(Heartbeat beat, Instant now) {
    if (!regions.contains(beat.region()) || beat.status().countsAsUp()) {
      return;
    }
    Heartbeat held = streamed.latest(beat.region(), beat.instanceId());
    if (held == null || held.seq() >= beat.seq() || !held.status().countsAsUp()) {
      return;
    }
    Timings timings = topology.timings();
    Instant at = RegionCensus.seenAt(beat, timings.maxClockSkew());
    if (at.isAfter(now)) {
      at = now;
    }
    // The outage counts from the middle of the gap between the last up beat and this one
    // (docs/decisions/0020): the agent says so itself in upUntil; for an older agent the monitor
    // takes the midpoint of the two beats it holds.
    Heartbeat down =
        beat.upUntil() != null ? beat : beat.withUpUntil(midpoint(held.sentAt(), beat.sentAt()));
    List<Heartbeat> instances =
        streamed.instances(beat.region()).stream()
            .map(b -> b.instanceId().equals(beat.instanceId()) ? down : b)
            .toList();
    Instant knownUpAt =
        RegionCensus.take(beat.region(), instances, at, timings, topology.policy()).knownUpAt();
    if (knownUpAt != null) {
      upSeen.merge(beat.region(), knownUpAt, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /** Midway between {@code a} and {@code b}, never after {@code b}. */
  private static Instant midpoint(Instant a, Instant b) {
    return a.isAfter(b) ? b : a.plus(Duration.between(a, b).dividedBy(2));
  }

  private Evaluated evaluateAndAct(Instant now) {
    boolean probed = probeOutside();
    if (!upSeen.isEmpty()) {
      Map<String, RegionState> withEvidence = new HashMap<>(states);
      upSeen.forEach(
          (region, upAt) ->
              withEvidence.computeIfPresent(region, (r, s) -> s.withLastUpAtNoEarlierThan(upAt)));
      states = withEvidence;
    }
    Optional<Baton> baton = ports.baton().read();
    Evaluation evaluation = evaluate(baton, now);
    DecisionRunner.Carried carried = decisions.carryOut(evaluation, baton.isPresent(), now);
    if (carried.conflict().isPresent()) {
      // Re-read from the states this evaluation started from: what it saved before the conflict
      // is in the table at a newer version, and what it did not save must be decided again.
      reloadStates();
      baton = ports.baton().read();
      evaluation = evaluate(baton, now);
      carried = decisions.carryOut(evaluation, baton.isPresent(), now);
      carried
          .conflict()
          .ifPresent(
              c ->
                  LOG.warn(
                      "region state {} changed again during the re-evaluation ({}); left for the"
                          + " next evaluation",
                      c.region(),
                      c.detail()));
    }
    states = carried.states();
    if (!carried.saved().isEmpty()) {
      Map<String, RegionState> nowStored = new HashMap<>(stored);
      nowStored.putAll(carried.saved());
      stored = nowStored;
    }
    upSeen.clear();
    if (probed) {
      emitOutsideVerdicts(evaluation);
    }
    ports
        .metrics()
        .millis(MetricNames.EVALUATION_LATENCY, Duration.between(now, clock.instant()).toMillis());
    // The summary is built only for a log that will print it.
    if (evaluation.actions().isEmpty()) {
      if (LOG.isDebugEnabled()) {
        LOG.debug("evaluated: {}", evaluation.summary());
      }
    } else if (LOG.isInfoEnabled()) {
      LOG.info("evaluated: {}", evaluation.summary());
    }
    return new Evaluated(evaluation, baton);
  }

  /**
   * Runs this monitor's outside probes if a round is due, into the view. Whether a round ran: the
   * per-perspective metrics are emitted then, at most once an interval.
   */
  private boolean probeOutside() {
    if (perspective == null) {
      return false;
    }
    Optional<OutsideReport> round = perspective.probeIfDue();
    round.ifPresent(view::recordOutside);
    return round.isPresent();
  }

  /** {@code OutsideDown} per region and perspective: 1 when it sees the region down, else 0. */
  private void emitOutsideVerdicts(Evaluation evaluation) {
    for (RegionState state : evaluation.regions().values()) {
      OutsideView outside = state.outside();
      if (outside == null) {
        continue;
      }
      for (PerspectiveView p : outside.perspectives()) {
        if (p.verdict() == OutsideVerdict.UNKNOWN) {
          continue;
        }
        ports
            .metrics()
            .count(
                MetricNames.OUTSIDE_DOWN,
                p.verdict() == OutsideVerdict.DOWN ? 1 : 0,
                Map.of(
                    MetricNames.REGION, state.region(), MetricNames.PERSPECTIVE, p.perspective()));
      }
    }
  }

  private Evaluation evaluate(Optional<Baton> baton, Instant now) {
    return evaluator.evaluate(
        view, states, stored, baton.orElseGet(() -> provisionalBaton(now)), now, startedAt);
  }

  /**
   * Before the promotion function first places the baton, regions are still judged (and their
   * states stored) against the best-priority region; requests are not sent (see DecisionRunner).
   */
  private Baton provisionalBaton(Instant now) {
    return Baton.initial(topology.regionNamesByPriority().get(0), now);
  }

  /**
   * Logs an instance of an unknown region once (its later beats only count in {@code
   * RecordsIgnored}, cause {@code unknown-region}), and says once when too many were seen to name
   * each.
   */
  private void logUnknownRegion(Heartbeat beat) {
    if (unknownLogged.contains(beat.key())) {
      return;
    }
    if (unknownLogged.size() >= MAX_UNKNOWN_LOGGED) {
      if (!unknownOverflowLogged) {
        unknownOverflowLogged = true;
        LOG.warn(
            "more than {} instances beat from regions not in the topology; the others are only"
                + " counted in {} (cause {})",
            MAX_UNKNOWN_LOGGED,
            MetricNames.RECORDS_IGNORED,
            IgnoredCause.UNKNOWN_REGION.dimension());
      }
      return;
    }
    unknownLogged.add(beat.key());
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("region", beat.region());
    fields.put("instanceId", beat.instanceId());
    fields.put("knownRegions", String.join(",", topology.regionNamesByPriority()));
    try (LogFields f = LogFields.of(fields)) {
      LOG.warn(
          "ignoring the beats of {}: region {} is not in the topology ({}); check the agent's"
              + " region setting or add the region to the topology. Its further beats are counted"
              + " in {} (cause {}) without a log line",
          beat.key(),
          beat.region(),
          String.join(", ", topology.regionNamesByPriority()),
          MetricNames.RECORDS_IGNORED,
          IgnoredCause.UNKNOWN_REGION.dimension());
    }
  }

  private static String sequenceNumber(Record record) {
    return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
  }

  private static void logMalformed(Record record, RecordReading.Malformed bad) {
    Map<String, AttributeValue> keys =
        record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("pk", keyPart(keys, TableKeys.PK));
    fields.put("sk", keyPart(keys, TableKeys.SK));
    fields.put("sequenceNumber", String.valueOf(sequenceNumber(record)));
    fields.put("eventID", String.valueOf(record.getEventID()));
    fields.put("field", bad.field());
    fields.put("rule", bad.rule());
    try (LogFields f = LogFields.of(fields)) {
      LOG.warn(
          "skipping malformed stream record {} {}: {} {}",
          keyText(keys),
          sequenceNumber(record),
          bad.field(),
          bad.rule());
    }
  }

  private static String keyText(Map<String, AttributeValue> keys) {
    return keyPart(keys, TableKeys.PK) + "/" + keyPart(keys, TableKeys.SK);
  }

  private static String keyPart(Map<String, AttributeValue> keys, String name) {
    if (keys == null || keys.get(name) == null) {
      return "?";
    }
    AttributeValue v = keys.get(name);
    return v.getS() != null ? v.getS() : String.valueOf(v.getN());
  }
}
