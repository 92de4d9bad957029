package dev.baton.domain;

import dev.baton.domain.Action.FreezeBaton;
import dev.baton.domain.Action.PersistTransition;
import dev.baton.domain.Action.RaiseAlarm;
import dev.baton.domain.Action.RequestPromotion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Judges every region of the topology at one instant and decides whether to fail over
 * (docs/architecture.md sections 3 and 4). A pure function of (fleet view, region states, baton,
 * topology, now): it reads no clock and performs no I/O; the caller carries out the actions and
 * carries {@link Evaluation#regions()} into the next evaluation.
 *
 * <p>Per region it counts the instances ({@link RegionCensus}), updates the hysteresis clocks
 * ({@code lastUpAt}: the latest instant a quorum was known up, taken from the beats' own times so a
 * rarely-run evaluator judges the same as a frequent one; {@code upSince}: when the current run of
 * up samples began) and applies {@link RegionHealthMachine}. Then, if the active region is
 * UNHEALTHY, it asks for a promotion only when every safety rule holds, and otherwise raises an
 * alarm naming the rule that blocked it. It never asks for an automatic failback: an automatic
 * promotion only ever leaves an UNHEALTHY active region for a HEALTHY one. When the baton names a
 * region the topology does not know, it raises {@link Alarm#ACTIVE_REGION_UNKNOWN} and acts on
 * nothing. When no region is up it acts on nothing either, and says why: {@link
 * Alarm#OBSERVER_SUSPECT} when no fresh beat arrives from any region (the evidence stopped), {@link
 * Alarm#TOTAL_OUTAGE} when beats arrive but every region is down (with each region's reason).
 *
 * <p>During {@code startupGrace} after {@code monitorStartedAt}, or while the view holds no beat at
 * all, it decides nothing: it only refreshes the evidence in the returned states.
 *
 * <p>Besides health changes it emits {@link Action.PersistTransition}s that only refresh the stored
 * evidence (when {@code lastUpAt} moved by a heartbeat interval or the counts changed), so another
 * evaluator reading the store judges from evidence at most one interval old. Alarms are raised on
 * every evaluation while their condition holds; promotion requests are repeated until the baton
 * moves (the epoch makes repeats no-ops). See docs/decisions/0003.
 */
public final class Evaluator {

  /** Who the promotion requests name as their requester unless told otherwise. */
  public static final String REQUESTED_BY = "baton:evaluator";

  private final Topology topology;
  private final String requestedBy;
  private final String flapWindowText;
  private final List<String> regionsByPriority;

  public Evaluator(Topology topology) {
    this(topology, REQUESTED_BY);
  }

  /**
   * @param requestedBy the requester named in promotion requests, e.g. {@code
   *     baton:health-transition}
   */
  public Evaluator(Topology topology, String requestedBy) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.requestedBy = Objects.requireNonNull(requestedBy, "requestedBy");
    this.flapWindowText = Durations.format(topology.policy().flapWindow());
    this.regionsByPriority = topology.regionNamesByPriority();
  }

  /**
   * Evaluates the fleet at {@code now}.
   *
   * @param fleet the latest beat of every instance
   * @param states the region states as last stored or evaluated; missing regions start as {@link
   *     RegionState#initial}
   * @param baton the baton as last read
   * @param now the evaluation instant (the monitor's clock)
   * @param monitorStartedAt when this monitor started; it judges nothing for {@code startupGrace}
   */
  public Evaluation evaluate(
      FleetView fleet,
      Map<String, RegionState> states,
      Baton baton,
      Instant now,
      Instant monitorStartedAt) {
    return evaluate(fleet, states, states, baton, now, monitorStartedAt);
  }

  /**
   * Evaluates the fleet at {@code now}, for a monitor that carries evidence it has not stored.
   *
   * @param states the region states as last evaluated (their evidence may be newer than stored)
   * @param stored the region states as last read from or written to the table: an evidence refresh
   *     is due when the evaluated evidence has moved away from these, and a region missing here has
   *     never been stored, so it is stored as soon as the startup grace ends
   */
  public Evaluation evaluate(
      FleetView fleet,
      Map<String, RegionState> states,
      Map<String, RegionState> stored,
      Baton baton,
      Instant now,
      Instant monitorStartedAt) {
    Timings timings = topology.timings();
    Duration sinceStart = Duration.between(monitorStartedAt, now);
    boolean inGrace = sinceStart.compareTo(timings.startupGrace()) < 0;
    boolean emptyView = fleet.isEmpty();

    Map<String, RegionState> next = new LinkedHashMap<>();
    Map<String, RegionCensus> censuses = new HashMap<>();
    // Each region is described at most once per evaluation, when a reason or the summary needs it.
    Descriptions described = new Descriptions();
    List<Action> actions = new ArrayList<>();
    OutsideJudgement outside = emptyView ? null : OutsideJudgement.judge(fleet, topology, now);
    Map<String, Boolean> sampleUp = new HashMap<>();
    for (String region : regionsByPriority) {
      RegionState previous = states.get(region);
      if (previous == null) {
        previous = RegionState.initial(region, now);
      }
      if (emptyView) {
        next.put(region, previous);
        continue;
      }
      RegionCensus census =
          RegionCensus.take(region, fleet.instances(region), now, timings, topology.policy());
      censuses.put(region, census);
      OutsideView view = outside.of(region);
      described.put(
          region,
          () -> outside.enabled() ? census.describe() + "; " + view.describe() : census.describe());
      Judgement judgement =
          judge(
              previous,
              stored.get(region),
              census,
              outside.enabled() ? view : null,
              () -> described.get(region),
              now,
              inGrace);
      sampleUp.put(region, judgement.sampleUp());
      next.put(region, judgement.state());
      judgement.action().ifPresent(actions::add);
    }

    if (emptyView) {
      return new Evaluation(
          next, List.of(), "no heartbeat in view yet: deciding nothing; " + batonLine(baton, now));
    }
    if (inGrace) {
      return new Evaluation(
          next,
          List.of(),
          () ->
              "startup grace: "
                  + Durations.format(sinceStart)
                  + " of "
                  + Durations.format(timings.startupGrace())
                  + " since the monitor started, observing only; "
                  + regionsLine(next, described));
    }
    for (OutsideJudgement.Suspect suspect : outside.suspects()) {
      actions.add(new RaiseAlarm(Alarm.PERSPECTIVE_SUSPECT, suspect.reason()));
    }
    decideFailover(fleet, next, censuses, sampleUp, described, baton, now, actions);
    return new Evaluation(
        next, actions, () -> regionsLine(next, described) + "; " + batonLine(baton, now));
  }

  /**
   * A region's new state, the action that stores it if it must be stored, and whether its sample
   * (inside and outside combined) was up.
   */
  private record Judgement(RegionState state, Optional<Action> action, boolean sampleUp) {}

  /**
   * Judges one region from its census and, when outside-in health is on, its outside view
   * (docs/decisions/0023): the sample is up when a quorum of its instances is up and the outside
   * view does not find it DOWN. While it is DOWN from outside, the region is known up no later than
   * the instant the outside majority saw it go down, whatever earlier evaluations took from the
   * inside beats alone: the outage counts from there, under the same hysteresis.
   */
  private Judgement judge(
      RegionState previous,
      RegionState stored,
      RegionCensus census,
      OutsideView outside,
      Supplier<String> description,
      Instant now,
      boolean observeOnly) {
    Timings timings = topology.timings();
    boolean outsideDown = outside != null && outside.down();
    boolean up = census.quorumUp() && !outsideDown;
    Instant lastUpAt;
    if (outsideDown) {
      Instant downSince = outside.downSince();
      lastUpAt =
          latest(earliest(previous.lastUpAt(), downSince), earliest(census.knownUpAt(), downSince));
    } else {
      lastUpAt = latest(previous.lastUpAt(), census.knownUpAt());
    }
    Instant upSince = up ? (previous.upSince() != null ? previous.upSince() : now) : null;
    RegionSample sample = new RegionSample(up, lastUpAt, upSince, now, timings);
    Supplier<String> decided =
        () -> outside == null ? description.get() : viewPrefix(census, outside) + description.get();

    List<HealthTransition> fired =
        observeOnly ? List.of() : RegionHealthMachine.run(previous.health(), sample);
    if (!fired.isEmpty()) {
      String reason = reason(fired, reasonValues(census.region(), decided.get(), sample));
      RegionState state =
          new RegionState(
              census.region(),
              fired.get(fired.size() - 1).to(),
              now,
              lastUpAt,
              upSince,
              census.up(),
              census.members(),
              reason,
              previous.version(),
              outside);
      return new Judgement(state, Optional.of(new PersistTransition(previous, state, reason)), up);
    }
    RegionState state =
        new RegionState(
            census.region(),
            previous.health(),
            previous.since(),
            lastUpAt,
            upSince,
            census.up(),
            census.members(),
            previous.reason(),
            previous.version(),
            outside);
    if (observeOnly || (stored != null && !evidenceMoved(stored, state))) {
      return new Judgement(state, Optional.empty(), up);
    }
    return new Judgement(
        state,
        Optional.of(new PersistTransition(previous, state, staysReason(state, decided.get()))),
        up);
  }

  /** Which view decided a region's sample, for its reasons. */
  private static String viewPrefix(RegionCensus census, OutsideView outside) {
    if (outside.down()) {
      return census.quorumUp()
          ? "down from outside (users cannot reach it while its agents beat): "
          : "down from inside and outside: ";
    }
    if (!census.quorumUp()) {
      return "down from inside: ";
    }
    return outside.verdict() == OutsideVerdict.UP
        ? "up from inside and outside: "
        : "up from inside (outside " + outside.verdict().word() + "): ";
  }

  /**
   * The reason of an evidence refresh. A method of its own, with a StringBuilder, so the JIT does
   * not inline a large string concatenation into {@link #judge}, which it compiles hot.
   */
  private static String staysReason(RegionState state, String description) {
    StringBuilder out =
        new StringBuilder(96)
            .append(state.region())
            .append(" stays ")
            .append(state.health())
            .append(": ")
            .append(description);
    if (state.lastUpAt() != null) {
      out.append(", last up at ").append(state.lastUpAt());
    }
    return out.append('.').toString();
  }

  /**
   * Whether the stored state would be too old to judge from: counts changed, the up run started or
   * ended, or {@code lastUpAt} moved by a heartbeat interval or more since it was stored. Bounds
   * how far the store lags the truth, at about one write per region per heartbeat interval, however
   * often the monitor evaluates.
   */
  private boolean evidenceMoved(RegionState before, RegionState after) {
    if (before.healthyInstances() != after.healthyInstances()
        || before.expectedInstances() != after.expectedInstances()
        || (before.upSince() == null) != (after.upSince() == null)
        || !sameOutsideVerdicts(before.outside(), after.outside())) {
      return true;
    }
    if (after.lastUpAt() == null) {
      return false;
    }
    if (before.lastUpAt() == null) {
      return true;
    }
    return Duration.between(before.lastUpAt(), after.lastUpAt())
            .compareTo(topology.timings().heartbeatInterval())
        >= 0;
  }

  /**
   * Whether two outside views hold the same verdicts (times and counts of probers aside). The AWS
   * perspectives are left out of the comparison: each monitor probes from its own region and stores
   * its own, so with three monitors the stored view names the AWS perspective of whichever stored
   * it last; comparing them would make the monitors rewrite each other's state at every evaluation.
   * A change they cause shows in the overall verdict.
   */
  private static boolean sameOutsideVerdicts(OutsideView a, OutsideView b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.verdict() != b.verdict()) {
      return false;
    }
    return peerVerdicts(a).equals(peerVerdicts(b));
  }

  private static List<String> peerVerdicts(OutsideView view) {
    List<String> out = new ArrayList<>();
    for (PerspectiveView p : view.perspectives()) {
      if (!p.perspective().startsWith(OutsideReport.AWS_PREFIX)) {
        out.add(p.perspective() + "=" + p.verdict() + (p.suspect() ? "/suspect" : ""));
      }
    }
    return out;
  }

  private Map<String, String> reasonValues(String region, String description, RegionSample sample) {
    Timings timings = topology.timings();
    Map<String, String> values = new HashMap<>();
    values.put("region", region);
    values.put("census", description);
    values.put("lastUpAt", sample.lastUpAt() == null ? "never" : sample.lastUpAt().toString());
    values.put("downFor", Durations.format(sample.downFor()));
    values.put("failAfter", Durations.format(timings.failAfter()));
    values.put(
        "failAt",
        sample.lastUpAt() == null
            ? "once seen up"
            : sample.lastUpAt().plus(timings.failAfter()).toString());
    values.put("upSince", sample.upSince() == null ? "never" : sample.upSince().toString());
    values.put("recoverAfter", Durations.format(timings.recoverAfter()));
    values.put(
        "recoverAt",
        sample.upSince() == null
            ? "never"
            : sample.upSince().plus(timings.recoverAfter()).toString());
    return values;
  }

  /** One sentence; a chain of transitions in one evaluation names the states it passed. */
  private static String reason(List<HealthTransition> fired, Map<String, String> values) {
    String last = fired.get(fired.size() - 1).reason(values);
    if (fired.size() == 1) {
      return last;
    }
    String via =
        fired.subList(1, fired.size()).stream()
            .map(t -> t.from().name())
            .collect(Collectors.joining(", "));
    return last.substring(0, last.length() - 1) + ", passing through " + via + " at once.";
  }

  private void decideFailover(
      FleetView fleet,
      Map<String, RegionState> states,
      Map<String, RegionCensus> censuses,
      Map<String, Boolean> sampleUp,
      Descriptions described,
      Baton baton,
      Instant now,
      List<Action> actions) {
    FailoverPolicy policy = topology.policy();
    String active = baton.activeRegion();
    boolean activeKnown = topology.hasRegion(active);
    if (!activeKnown) {
      // Raised before the observer check so an all-down view cannot hide it.
      actions.add(
          new RaiseAlarm(
              Alarm.ACTIVE_REGION_UNKNOWN,
              "The baton (epoch "
                  + baton.epoch()
                  + ") names "
                  + active
                  + " as the active region, but the topology knows only "
                  + regionsByPriority
                  + ": not acting; move the baton by hand with a failback or switchover to a"
                  + " known region, or fix the topology."));
    }
    if (!sampleUp.containsValue(true)) {
      // Observer-suspect means no evidence arrives: no fresh beat from any region. Regions that
      // report themselves down while beats arrive are a total outage.
      boolean evidenceArrives = censuses.values().stream().anyMatch(c -> c.members() > c.stale());
      if (evidenceArrives) {
        actions.add(
            new RaiseAlarm(
                Alarm.TOTAL_OUTAGE,
                "Every region is down while their beats still arrive, a total outage rather than"
                    + " an observer fault ("
                    + outageLine(fleet, censuses, described, now)
                    + "): no region can take the baton; not acting."));
      } else {
        actions.add(
            new RaiseAlarm(
                Alarm.OBSERVER_SUSPECT,
                "Every region looks down and no fresh beat arrives from any ("
                    + censusLine(described)
                    + "): suspect the observer (replication, the stream, the monitor), not the"
                    + " regions; not acting."));
      }
      return;
    }
    if (!activeKnown) {
      return;
    }
    RegionState activeState = states.get(active);
    if (activeState.health() != RegionHealth.UNHEALTHY) {
      return;
    }
    String why =
        active
            + " holds the baton (epoch "
            + baton.epoch()
            + ") and is UNHEALTHY ("
            + described.get(active)
            + ", not up since "
            + (activeState.lastUpAt() == null ? "it was first seen" : activeState.lastUpAt())
            + ")";
    if (baton.mode() == BatonMode.FROZEN) {
      actions.add(
          new RaiseAlarm(
              Alarm.FROZEN_BLOCKED_FAILOVER,
              why
                  + ", but automation is FROZEN since "
                  + baton.since()
                  + " ("
                  + baton.reason()
                  + "): fail over by hand or unfreeze."));
      return;
    }
    Optional<String> target = SafetyRules.bestHealthyTarget(regionsByPriority, states, active);
    if (target.isEmpty()) {
      actions.add(
          new RaiseAlarm(
              Alarm.NO_HEALTHY_TARGET,
              why
                  + ", but no other region is HEALTHY ("
                  + states.values().stream()
                      .filter(s -> !s.region().equals(active))
                      .map(s -> s.region() + " " + s.health())
                      .collect(Collectors.joining(", "))
                  + "): not acting."));
      return;
    }
    if (SafetyRules.flapLimitReached(baton, policy, now)) {
      String reason =
          "Flap limit reached ("
              + SafetyRules.describeFlapLimit(baton, policy, now)
              + ") and "
              + active
              + " is UNHEALTHY again: Baton freezes itself until an operator unfreezes.";
      actions.add(new FreezeBaton(baton.epoch(), reason));
      actions.add(new RaiseAlarm(Alarm.FLAP_LIMIT_FROZEN, reason));
      return;
    }
    Optional<Instant> cooldown = SafetyRules.cooldownUntil(baton, policy, now);
    if (cooldown.isPresent()) {
      actions.add(
          new RaiseAlarm(
              Alarm.COOLDOWN_BLOCKED_FAILOVER,
              why
                  + ", but the cooldown after the last automatic promotion runs until "
                  + cooldown.get()
                  + " (minAutoPromotionGap "
                  + Durations.format(policy.minAutoPromotionGap())
                  + "): not acting yet."));
      return;
    }
    String to = target.get();
    String reason =
        why
            + ": failing over to "
            + to
            + ", the best HEALTHY region (priority "
            + topology.region(to).orElseThrow().priority()
            + ").";
    List<String> evidence = new ArrayList<>();
    for (RegionState s : states.values()) {
      evidence.add(
          s.region()
              + " "
              + s.health()
              + " since "
              + s.since()
              + ": "
              + described.get(s.region())
              + (s.lastUpAt() == null ? "" : ", last up at " + s.lastUpAt()));
    }
    evidence.add(batonLine(baton, now));
    actions.add(
        new RequestPromotion(
            new PromotionRequest.AutoFailover(
                active, to, baton.epoch(), evidence, requestedBy, reason, false),
            reason));
  }

  private String batonLine(Baton baton, Instant now) {
    return "baton: "
        + baton.activeRegion()
        + " at epoch "
        + baton.epoch()
        + ", "
        + baton.mode()
        + ", "
        + SafetyRules.countInFlapWindow(baton, topology.policy(), now)
        + " automatic promotions in the last "
        + flapWindowText;
  }

  private static String regionsLine(Map<String, RegionState> states, Descriptions described) {
    StringBuilder out = new StringBuilder();
    for (RegionState s : states.values()) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(s.region())
          .append(' ')
          .append(s.health())
          .append(" (")
          .append(described.get(s.region()))
          .append(')');
    }
    return out.toString();
  }

  /** Most instances named per region in a total outage's reason; the rest are counted. */
  static final int OUTAGE_INSTANCES_NAMED = 3;

  /**
   * Each region's reason in a total outage, in priority order: its census, then the instances that
   * report it down with their failing checks (e.g. {@code nyc1-a UNHEALTHY (app: HTTP 503)}), or
   * that it is silent (no fresh beat).
   */
  private String outageLine(
      FleetView fleet, Map<String, RegionCensus> censuses, Descriptions described, Instant now) {
    Timings timings = topology.timings();
    StringBuilder out = new StringBuilder();
    for (String region : regionsByPriority) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(region).append(": ").append(described.get(region));
      RegionCensus census = censuses.get(region);
      if (census.members() <= census.stale()) {
        out.append(", silent (no fresh beat)");
        continue;
      }
      List<String> reports = new ArrayList<>();
      int more = 0;
      for (Heartbeat beat : fleet.instances(region)) {
        if (beat.status().countsAsUp() || beat.status() == HeartbeatStatus.DRAINING) {
          continue;
        }
        Duration age = Duration.between(RegionCensus.seenAt(beat, timings.maxClockSkew()), now);
        if (age.compareTo(timings.staleAfter()) > 0) {
          continue;
        }
        if (reports.size() == OUTAGE_INSTANCES_NAMED) {
          more++;
          continue;
        }
        String failing =
            beat.checks().entrySet().stream()
                .filter(e -> !e.getValue().ok())
                .map(
                    e ->
                        e.getKey()
                            + (e.getValue().detail().isEmpty() ? "" : ": " + e.getValue().detail()))
                .sorted()
                .collect(Collectors.joining(", "));
        reports.add(
            beat.instanceId()
                + " "
                + beat.status()
                + (failing.isEmpty() ? "" : " (" + failing + ")"));
      }
      if (!reports.isEmpty()) {
        out.append(", reported down by ").append(String.join(", ", reports));
        if (more > 0) {
          out.append(" and ").append(more).append(" more");
        }
      }
    }
    return out.toString();
  }

  private String censusLine(Descriptions described) {
    return regionsByPriority.stream()
        .map(r -> r + ": " + described.get(r))
        .collect(Collectors.joining("; "));
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  /** Each region's description, built when first asked for and then kept. */
  private static final class Descriptions {
    private final Map<String, Supplier<String>> sources = new HashMap<>();
    private final Map<String, String> built = new HashMap<>();

    void put(String region, Supplier<String> source) {
      sources.put(region, source);
    }

    String get(String region) {
      String done = built.get(region);
      if (done == null) {
        Supplier<String> source = sources.get(region);
        if (source == null) {
          return null;
        }
        done = source.get();
        built.put(region, done);
      }
      return done;
    }
  }
}
