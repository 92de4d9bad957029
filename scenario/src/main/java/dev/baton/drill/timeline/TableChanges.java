package dev.baton.drill.timeline;

import dev.baton.config.DurationText;
import dev.baton.domain.Baton;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideVerdict;
import dev.baton.domain.OutsideView;
import dev.baton.domain.PerspectiveView;
import dev.baton.domain.RegionState;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.store.TableSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive snapshots of the table into timeline events: baton hand-overs and mode changes,
 * region health transitions, each outside perspective's verdict on each region (from the outside
 * view stored with the region's state), heartbeat status changes (and silence: no new beat for
 * staleAfter), promotion steps as they finish, promotions as they end, and from the audit log the
 * alarms and the detectors' failover requests.
 *
 * <p>An event is placed at the time the item itself records (the baton's {@code since}, a state's
 * {@code since}, a step's {@code finishedAt}, an audit entry's time), so a slow or infrequent read
 * of the table does not distort the measured times. A beat's {@code sentAt} comes from the agent's
 * clock, which a scenario may skew: it is clamped to the span between the two reads. Not
 * thread-safe: one watcher thread calls it.
 */
public final class TableChanges {
  private final Instant drillStart;
  private final Duration staleAfter;
  private Instant previousRead;
  private Baton baton;
  private final Map<String, RegionState> states = new HashMap<>();

  /**
   * By region, then perspective: the verdict last shown ({@code down}, or {@code down|suspect}).
   */
  private final Map<String, Map<String, String>> perspectivesShown = new HashMap<>();

  private final Map<String, String> beatShown = new HashMap<>();
  private final Map<String, Long> beatSeq = new HashMap<>();
  private final Set<String> stepsShown = new HashSet<>();
  private final Map<String, PromotionStatus> promotionShown = new HashMap<>();
  private final Set<String> auditShown = new HashSet<>();

  /**
   * @param drillStart the wall-clock instant of the drill's elapsed zero
   * @param staleAfter a beat older than this makes its instance SILENT on the timeline
   */
  public TableChanges(Instant drillStart, Duration staleAfter) {
    this.drillStart = drillStart;
    this.staleAfter = staleAfter;
    this.previousRead = drillStart;
  }

  /** The events between the previous snapshot and {@code now}. */
  public List<DrillEvent> next(TableSnapshot now) {
    List<DrillEvent> events = new ArrayList<>();
    Instant read = now.readAt();
    now.baton().ifPresent(b -> baton(b, read, events));
    for (RegionState state : now.regionStates().values()) {
      region(state, read, events);
    }
    for (Heartbeat beat : now.heartbeats()) {
      heartbeat(beat, read, events);
    }
    for (PromotionRecord p : now.promotions()) {
      promotion(p, read, events);
    }
    for (AuditLog.Entry entry : now.audit()) {
      decision(entry, read, events);
    }
    previousRead = read;
    events.sort(java.util.Comparator.comparing(DrillEvent::at));
    return events;
  }

  private void baton(Baton b, Instant read, List<DrillEvent> events) {
    if (baton != null
        && baton.activeRegion().equals(b.activeRegion())
        && baton.epoch() == b.epoch()
        && baton.mode() == b.mode()) {
      return;
    }
    baton = b;
    events.add(
        new DrillEvent.BatonChanged(
            at(b.since(), read), b.activeRegion(), b.epoch(), b.mode(), b.reason()));
  }

  private void region(RegionState state, Instant read, List<DrillEvent> events) {
    RegionState previous = states.put(state.region(), state);
    outside(state, read, events);
    if (previous != null && previous.health() == state.health()) {
      return;
    }
    events.add(
        new DrillEvent.RegionHealthChanged(
            monitorTime(state.since(), read),
            state.region(),
            previous == null ? null : previous.health(),
            state.health(),
            state.reason()));
  }

  /**
   * Each perspective's verdict on the region, when it changed (or the suspect mark did). A change
   * to down is placed when the perspective's probers saw it go down (their clocks, clamped between
   * the two reads); any other change at this read, since the state carries no evaluation time (the
   * watcher reads every 200 to 500 ms, so no later than that).
   */
  private void outside(RegionState state, Instant read, List<DrillEvent> events) {
    OutsideView view = state.outside();
    if (view == null || view.verdict() == OutsideVerdict.INSIDE_ONLY) {
      return;
    }
    Map<String, String> shown =
        perspectivesShown.computeIfAbsent(state.region(), r -> new java.util.TreeMap<>());
    Set<String> present = new HashSet<>();
    for (PerspectiveView p : view.perspectives()) {
      present.add(p.perspective());
      String word = p.verdict().word();
      String key = word + (p.suspect() ? "|suspect" : "");
      String before = shown.put(p.perspective(), key);
      if (key.equals(before)) {
        continue;
      }
      String beforeWord = before == null ? null : before.split("\\|")[0];
      // Only a change to down has its own time; a suspect mark changes at the evaluation.
      boolean wentDown = p.verdict() == OutsideVerdict.DOWN && !word.equals(beforeWord);
      Duration at = wentDown && p.downSince() != null ? at(p.downSince(), read) : elapsed(read);
      events.add(
          new DrillEvent.PerspectiveChanged(
              at,
              state.region(),
              p.perspective(),
              beforeWord,
              word,
              p.suspect(),
              p.failing()
                  + " of "
                  + p.probers()
                  + (p.probers() == 1 ? " prober fails" : " probers fail")
                  + (p.failing() > 0 && !p.detail().isEmpty() ? ": " + p.detail() : "")));
    }
    for (String perspective : new ArrayList<>(shown.keySet())) {
      String before = shown.get(perspective);
      String gone = DrillEvent.PerspectiveChanged.GONE;
      // With three monitors each stores its own AWS perspective only: another monitor's state
      // not naming it says nothing about it.
      if (present.contains(perspective)
          || before.equals(gone)
          || perspective.startsWith(dev.baton.domain.OutsideReport.AWS_PREFIX)) {
        continue;
      }
      shown.put(perspective, gone);
      events.add(
          new DrillEvent.PerspectiveChanged(
              elapsed(read),
              state.region(),
              perspective,
              before.split("\\|")[0],
              gone,
              false,
              "no fresh probe"));
    }
  }

  private void heartbeat(Heartbeat beat, Instant read, List<DrillEvent> events) {
    String key = beat.region() + "/" + beat.instanceId();
    String shown = beatShown.getOrDefault(key, DrillEvent.HeartbeatChanged.NONE);
    Long seq = beatSeq.put(key, beat.seq());
    boolean fresh = seq == null || seq != beat.seq();
    Duration age = Duration.between(beat.sentAt(), read);
    boolean silent =
        !fresh && age.compareTo(staleAfter) > 0 && beat.status() != HeartbeatStatus.DRAINING;
    String status;
    Duration at;
    String detail;
    if (beat.status() == HeartbeatStatus.STALE) {
      // The sweeper marked it; that is news even though the agent wrote nothing.
      status = HeartbeatStatus.STALE.name();
      at = elapsed(read);
      detail = "marked by the sweeper";
    } else if (silent) {
      status = DrillEvent.HeartbeatChanged.SILENT;
      at = at(beat.sentAt().plus(staleAfter), read);
      detail = "no beat since seq " + beat.seq() + " (" + millis(age) + " ago)";
    } else {
      status = beat.status().name();
      at = at(beat.sentAt(), read);
      Check app = beat.checks().get("app");
      detail = app == null ? "" : app.detail();
    }
    if (status.equals(shown)) {
      return;
    }
    beatShown.put(key, status);
    events.add(
        new DrillEvent.HeartbeatChanged(
            at, beat.region(), beat.instanceId(), shown, status, detail));
  }

  private void promotion(PromotionRecord p, Instant read, List<DrillEvent> events) {
    for (StepRecord step : p.steps()) {
      if (step.finishedAt() == null || step.startedAt() == null) {
        continue;
      }
      String key =
          p.id() + "|" + step.name() + "|" + step.status() + "|" + step.finishedAt().toEpochMilli();
      if (!stepsShown.add(key)) {
        continue;
      }
      Duration end = monitorTime(step.finishedAt(), read);
      Duration start = elapsed(step.startedAt());
      events.add(
          new DrillEvent.PromotionStep(
              end,
              p.id(),
              step.name(),
              start.compareTo(end) > 0 ? end : start,
              step.status().name(),
              step.attempts(),
              step.detail()));
    }
    if (p.status() == PromotionStatus.RUNNING || promotionShown.get(p.id()) == p.status()) {
      return;
    }
    promotionShown.put(p.id(), p.status());
    String why = p.failedStep().map(s -> "at " + s.name() + ": " + s.detail()).orElse(p.reason());
    events.add(
        new DrillEvent.PromotionEnded(
            at(p.updatedAt(), read),
            p.id(),
            p.kind().name(),
            p.from(),
            p.to(),
            p.epoch(),
            p.status().name(),
            why));
  }

  /**
   * Alarms and the detectors' failover requests, from the audit log: the decision's own time is
   * exactly when the detector decided.
   */
  private void decision(AuditLog.Entry entry, Instant read, List<DrillEvent> events) {
    boolean alarm = entry.kind().equals("alarm");
    boolean failover = entry.kind().equals("failover-requested");
    if (!(alarm || failover)
        || !auditShown.add(
            entry.at().toEpochMilli() + "|" + entry.kind() + "|" + entry.subject())) {
      return;
    }
    Duration at = monitorTime(entry.at(), read);
    if (alarm) {
      events.add(new DrillEvent.AlarmRaised(at, entry.subject(), entry.reason()));
    } else {
      Map<String, String> d = entry.details();
      events.add(
          new DrillEvent.PromotionRequested(
              at,
              "failover",
              d.get("from"),
              d.get("to"),
              d.getOrDefault("requestedBy", "baton"),
              entry.reason()));
    }
  }

  /**
   * A time the functions wrote (the monitor's clock, the same as the drill's): trusted as it is,
   * but never after this read.
   */
  private Duration monitorTime(Instant itemTime, Instant read) {
    return elapsed(itemTime.isAfter(read) ? read : itemTime);
  }

  /**
   * A time an agent wrote ({@code sentAt}: the agent's clock, which a scenario may skew), clamped
   * between the previous and this read.
   */
  private Duration at(Instant itemTime, Instant read) {
    Instant t = itemTime;
    if (t.isBefore(previousRead)) {
      t = previousRead;
    }
    if (t.isAfter(read)) {
      t = read;
    }
    return elapsed(t);
  }

  private Duration elapsed(Instant t) {
    Duration d = Duration.between(drillStart, t);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** A time of the run as people read it: to the millisecond (real-time drills measure nanos). */
  private static String millis(java.time.Duration d) {
    return DurationText.format(d.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
