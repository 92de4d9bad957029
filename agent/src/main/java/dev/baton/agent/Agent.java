package dev.baton.agent;

import dev.baton.agent.clock.AuthorityClock;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.HealthProbe;
import dev.baton.agent.probe.ProbeResult;
import dev.baton.agent.role.RoleChange;
import dev.baton.agent.role.RoleSnapshot;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.AgentStore.BatonRead;
import dev.baton.agent.store.AgentStore.WriteOutcome;
import dev.baton.config.DurationText;
import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideProbe;
import dev.baton.domain.Timings;
import dev.baton.port.OutsideProber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: every {@code heartbeat.interval} (plus or minus the jitter) it probes the app
 * (and, given an {@link OutsideProber}, the other regions' public health URLs), writes a heartbeat,
 * reads the baton and updates the role, handing role changes to the hooks. Time, scheduling and
 * randomness are passed in, so tests drive beats one at a time with a controlled clock.
 *
 * <p>One beat runs at a time (this object's lock): the scheduled beat, a drain request and the
 * final DRAINING write at stop never interleave, so seqs stay in order.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final HealthProbe probe;
  private final AgentStore store;
  private final AgentState state;
  private final RoleTracker roles;
  private final RoleHooks hooks;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RandomGenerator random;
  private final HeartbeatSender sender;
  private final BeatLiveness liveness;
  private final LongSupplier monotonicNanos;
  private final AuthorityClock authorityClock;
  private final ScheduledExecutorService fenceTimer;
  private volatile ScheduledFuture<?> fenceCheck;

  private volatile boolean stopping;
  private boolean stopped;
  private volatile ScheduledFuture<?> next;
  private volatile BeatReport lastReport;
  private volatile Instant lastBeatAt;
  private HeartbeatStatus lastProbeStatus;
  private boolean appSeenUp;
  private long appLastUpNanos;
  private Instant appUpUntil;

  /** Whether the app's last probe failed: the agent beats fast until it answers again. */
  private volatile boolean appFailing;

  private Instant storeFailingSince;

  /** The probes of other regions' public health URLs (none until {@link #withOutsideProber}). */
  private OutsideProbing outside;

  public Agent(
      AgentConfig config,
      HealthProbe probe,
      AgentStore store,
      AgentState state,
      RoleTracker roles,
      RoleHooks hooks,
      String agentVersion,
      Clock clock,
      ScheduledExecutorService scheduler,
      RandomGenerator random) {
    this(
        config,
        probe,
        store,
        state,
        roles,
        hooks,
        agentVersion,
        clock,
        scheduler,
        random,
        () -> {
          // Tests drive one clock; its instants double as monotonic time.
          Instant t = clock.instant();
          return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        });
  }

  /**
   * @param monotonicNanos the clock of {@link #liveness()} and of the store check's latency ({@code
   *     System::nanoTime} in production; virtual time in the simulator)
   */
  public Agent(
      AgentConfig config,
      HealthProbe probe,
      AgentStore store,
      AgentState state,
      RoleTracker roles,
      RoleHooks hooks,
      String agentVersion,
      Clock clock,
      ScheduledExecutorService scheduler,
      RandomGenerator random,
      LongSupplier monotonicNanos) {
    this(
        config,
        probe,
        store,
        state,
        roles,
        hooks,
        agentVersion,
        clock,
        scheduler,
        random,
        monotonicNanos,
        scheduler);
  }

  /**
   * @param fenceTimer runs the fence timer; in production its own thread, so a beat stuck in a
   *     hanging call cannot hold the role past the lease
   */
  public Agent(
      AgentConfig config,
      HealthProbe probe,
      AgentStore store,
      AgentState state,
      RoleTracker roles,
      RoleHooks hooks,
      String agentVersion,
      Clock clock,
      ScheduledExecutorService scheduler,
      RandomGenerator random,
      LongSupplier monotonicNanos,
      ScheduledExecutorService fenceTimer) {
    this.config = config;
    this.authorityClock =
        clock instanceof AuthorityClock a ? a : new AuthorityClock(clock, monotonicNanos);
    clock = authorityClock;
    this.monotonicNanos = monotonicNanos;
    this.fenceTimer = fenceTimer;
    roles.startLease(monotonicNanos.getAsLong());
    this.probe = probe;
    this.store = store;
    this.state = state;
    this.roles = roles;
    this.hooks = hooks;
    this.clock = clock;
    this.scheduler = scheduler;
    this.random = random;
    this.liveness = new BeatLiveness(BeatLiveness.lateAfter(config), monotonicNanos);
    this.sender =
        new HeartbeatSender(
            config.region(),
            config.instanceId(),
            agentVersion,
            config.heartbeatTtl(),
            store,
            state,
            clock,
            monotonicNanos);
    this.outside =
        new OutsideProbing(
            config.region(),
            outsideProbeTimeout(config),
            config.heartbeatInterval(),
            null,
            Runnable::run);
  }

  /**
   * Probes the other regions' public health URLs (published on the baton item) through {@code
   * prober} on every beat from now on, in the beat thread before the app probe; the probes go into
   * the beat (docs/decisions/0023). The prober must bound each round by {@link
   * #outsideProbeTimeout}. Without a call to this, the agent probes nothing from outside.
   *
   * @return this agent
   */
  public Agent withOutsideProber(OutsideProber prober) {
    return withOutsideProber(prober, Runnable::run);
  }

  /**
   * As {@link #withOutsideProber(OutsideProber)}, each round run on {@code executor} while the beat
   * thread probes the app, so the round does not lengthen the beat (production).
   *
   * @return this agent
   */
  public synchronized Agent withOutsideProber(OutsideProber prober, Executor executor) {
    this.outside =
        new OutsideProbing(
            config.region(),
            outsideProbeTimeout(config),
            config.heartbeatInterval(),
            java.util.Objects.requireNonNull(prober, "prober"),
            java.util.Objects.requireNonNull(executor, "executor"));
    return this;
  }

  /**
   * How long an outside probe waits for an answer: the monitor's rule ({@link
   * Timings#outsideProbeTimeout()}: 40 % of the heartbeat interval, at most 2 s), never longer than
   * {@code probe.timeout}, so a round run beside the app probe does not lengthen the beat.
   */
  public static Duration outsideProbeTimeout(AgentConfig config) {
    return OutsideProbing.timeout(config);
  }

  /** Starts beating on the scheduler: the first beat at once, then every interval. */
  public void start() {
    next = scheduler.schedule(this::scheduledBeat, 0, TimeUnit.MILLISECONDS);
    armFenceTimer();
  }

  /** (Re)arms the fence timer for the moment the current lease runs out. */
  private void armFenceTimer() {
    if (stopping) {
      return;
    }
    ScheduledFuture<?> previous = fenceCheck;
    if (previous != null) {
      previous.cancel(false);
    }
    long left = roles.leaseLeft(monotonicNanos.getAsLong());
    long delayMillis = Math.max(0, (left + 999_999) / 1_000_000);
    fenceCheck = fenceTimer.schedule(this::fenceTimerFired, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void fenceTimerFired() {
    try {
      decide(() -> roles.expire(clock.instant(), monotonicNanos.getAsLong()));
    } catch (RuntimeException e) {
      LOG.error("fence timer failed; the next beat checks the lease again", e);
    }
  }

  private void scheduledBeat() {
    // Durations on the monotonic clock: the wall clock may jump (NTP, or a correction against the
    // authority's) in the middle of a beat.
    long started = monotonicNanos.getAsLong();
    try {
      beat();
    } catch (RuntimeException e) {
      // The loop must outlive any one beat's bug: a dead loop is a silent (stale) instance.
      LOG.error("beat failed unexpectedly; the next beat runs as scheduled", e);
    }
    if (!stopping) {
      Duration took = Duration.ofNanos(monotonicNanos.getAsLong() - started);
      Duration delay = nextDelay(took);
      if (roles.handoverPending() || appFailing) {
        // A revoked baton: the old region's agents acknowledge sooner, and the target's turn
        // active sooner after the grant. A failing app: the monitor sees it answer again within a
        // fifth of an interval, so a short outage is not stretched by a whole beat gap
        // (docs/decisions/0020). Only then, so it costs a few writes.
        Duration quick = handoverBeat(config.heartbeatInterval()).minus(took);
        if (quick.isNegative()) {
          quick = Duration.ZERO;
        }
        delay = delay.compareTo(quick) < 0 ? delay : quick;
      }
      next = scheduler.schedule(this::scheduledBeat, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * The wait before the next beat: the interval minus the time this beat took, plus a uniform
   * jitter in [-jitter, +jitter] so droplets started together do not beat in lockstep.
   */
  Duration nextDelay(Duration beatTook) {
    long jitter = config.heartbeatJitter().toMillis();
    long offset = jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1);
    long delay = config.heartbeatInterval().toMillis() - beatTook.toMillis() + offset;
    return Duration.ofMillis(Math.max(0, delay));
  }

  /**
   * The beat interval while a hand-over is pending or the app's probe fails: a fifth of the
   * interval, at least 250 ms.
   */
  static Duration handoverBeat(Duration interval) {
    return Timings.fastBeat(interval);
  }

  /** Runs one beat now: probe, write, read the baton, decide the role. */
  public synchronized BeatReport beat() {
    if (stopped) {
      return lastReport;
    }
    if (!authorityClock.anchored()) {
      anchorToAuthority();
    }
    Instant probedAt = clock.instant();
    long probedNanos = monotonicNanos.getAsLong();
    OutsideProbing.Round round = outside.start(probedAt);
    ProbeResult result = probe.probe();
    Map<String, OutsideProbe> outsideProbes = outside.finish(round);
    noteProbe(result);
    Instant upUntil = noteAppUp(result, probedAt, probedNanos);
    HeartbeatStatus status = state.draining() ? HeartbeatStatus.DRAINING : result.status();
    RoleSnapshot held = roles.snapshot();
    // The lease this beat may renew starts before the write, so it ends no later than the beat's
    // sentAt plus fenceAfter: the bound the monitor's grant relies on.
    long began = monotonicNanos.getAsLong();
    // A beat stamped before the clock was anchored to the authority's cannot bound a lease.
    boolean anchoredStamp = authorityClock.anchored();
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put("app", result.check());
    long offset = authorityClock.offsetMillis();
    if (offset != 0) {
      checks.put(
          "clock",
          new Check(
              false,
              0,
              AuthorityClock.describe(offset) + "; this beat carries the authority's time"));
    }
    HeartbeatSender.Sent sent =
        sender.send(
            status,
            checks,
            held.epoch(),
            held.role() == null ? null : held.role().wireName(),
            status == HeartbeatStatus.DRAINING ? null : upUntil,
            outsideProbes);
    if (sent.written()) {
      long askedAt = monotonicNanos.getAsLong();
      BatonRead read = store.readBaton();
      Instant now = clock.instant();
      if (read instanceof BatonRead.Found found) {
        respectPublishedDeadline(found.fenceDeadline());
        outside.published(found.outsideTargets());
        observeAuthority(askedAt, found);
        noteStoreReachable(now);
        decide(
            () ->
                roles.reached(
                    found.baton(),
                    now,
                    began,
                    monotonicNanos.getAsLong(),
                    anchoredStamp || found.authorityTime() == null));
      } else {
        String reason = ((BatonRead.Failed) read).reason();
        noteStoreFailure(now, reason);
        decide(() -> roles.unreachable(now, monotonicNanos.getAsLong(), reason));
      }
    } else {
      Instant now = clock.instant();
      String reason = failure(sent.outcome());
      noteStoreFailure(now, reason);
      decide(() -> roles.unreachable(now, monotonicNanos.getAsLong(), reason));
    }
    armFenceTimer();
    return record(sent, sent.written() ? result.check().detail() : failure(sent.outcome()));
  }

  /**
   * Leases no longer than the fence deadline the monitor publishes (decision 0017), and says so
   * loudly, naming both values, whenever that changes what this agent does: a {@code fenceAfter}
   * longer than the deadline would let this region stay active after the monitor may grant the
   * baton elsewhere.
   */
  private void respectPublishedDeadline(Duration published) {
    Duration before = roles.lease();
    Duration now = roles.capLease(published);
    if (now.equals(before)) {
      return;
    }
    if (now.compareTo(config.fenceAfter()) < 0) {
      LOG.error(
          "agent.fenceAfter {} is longer than the fence deadline the monitor publishes, {}"
              + " (max(failAfter - maxClockSkew, 2 x heartbeatInterval)): this agent fences"
              + " {} after its last contact instead; set fenceAfter to at most {}",
          DurationText.format(config.fenceAfter()),
          DurationText.format(now),
          DurationText.format(now),
          DurationText.format(now));
    } else {
      LOG.info(
          "the monitor's fence deadline no longer shortens this agent's lease: fenceAfter {}",
          DurationText.format(now));
    }
  }

  /**
   * Reads the baton once before the first beat so that every beat written is stamped with the
   * authority's time: the monitor judges beats read from the table (the sweeper, a cold stream
   * container) by their {@code sentAt} alone. A failed read changes nothing here: the beat that
   * follows is stamped by the local clock, cannot renew a lease, and the next read anchors.
   */
  private void anchorToAuthority() {
    long askedAt = monotonicNanos.getAsLong();
    if (store.readBaton() instanceof BatonRead.Found found) {
      observeAuthority(askedAt, found);
    }
  }

  /** Takes the authority's time in {@code found} (asked at {@code askedAt}) into the clock. */
  private void observeAuthority(long askedAt, BatonRead.Found found) {
    if (found.authorityTime() != null) {
      authorityClock
          .observe(askedAt, monotonicNanos.getAsLong(), found.authorityTime(), found.resolution())
          .ifPresent(what -> LOG.warn("clock: {}", what));
    }
  }

  /**
   * Drains (planned maintenance: the monitor leaves this instance out of the quorum) or returns to
   * service, and beats at once so the table says so before this returns. The flag is saved: a
   * drained droplet stays drained across restarts until {@code baton-agent undrain}.
   */
  public synchronized BeatReport drain(boolean draining) {
    if (stopped) {
      return lastReport;
    }
    state.draining(draining);
    LOG.info(draining ? "draining on operator request" : "back in service on operator request");
    return beat();
  }

  /**
   * Stops beating and writes a final DRAINING heartbeat, so a planned stop (SIGTERM, reboot,
   * upgrade) is never taken for an outage. Waits for a beat in progress. Idempotent.
   */
  public BeatReport stop(String why) {
    stopping = true;
    ScheduledFuture<?> pending = next;
    if (pending != null) {
      pending.cancel(false);
    }
    ScheduledFuture<?> timer = fenceCheck;
    if (timer != null) {
      timer.cancel(false);
    }
    synchronized (this) {
      if (stopped) {
        return lastReport;
      }
      HeartbeatSender.Sent sent =
          sender.send(HeartbeatStatus.DRAINING, Map.of("agent", new Check(true, 0, why)));
      stopped = true;
      BeatReport report = record(sent, sent.written() ? why : failure(sent.outcome()));
      if (sent.written()) {
        LOG.info("wrote DRAINING (seq {}): {}", sent.beat().seq(), why);
      } else {
        LOG.error("could not write DRAINING before stopping: {}", failure(sent.outcome()));
      }
      return report;
    }
  }

  /** The last beat's report, or null before the first. */
  public BeatReport lastReport() {
    return lastReport;
  }

  /** When the last beat finished (agent clock), or null before the first. */
  public Instant lastBeatAt() {
    return lastBeatAt;
  }

  /** Whether the beat loop is alive (for {@code GET /health}). */
  public BeatLiveness liveness() {
    return liveness;
  }

  public RoleTracker roles() {
    return roles;
  }

  public AgentConfig config() {
    return config;
  }

  private BeatReport record(HeartbeatSender.Sent sent, String detail) {
    BeatReport report =
        new BeatReport(sent.beat().status(), sent.beat().seq(), sent.written(), detail);
    lastReport = report;
    lastBeatAt = clock.instant();
    liveness.beaten();
    return report;
  }

  /**
   * Decides a role change and hands it to the hooks under the role tracker's lock, so the beat
   * thread and the fence timer hand their changes over in the order they were decided.
   */
  private Optional<RoleChange> decide(java.util.function.Supplier<Optional<RoleChange>> step) {
    synchronized (roles) {
      Optional<RoleChange> change = step.get();
      change.ifPresent(this::announce);
      return change;
    }
  }

  private void announce(RoleChange change) {
    LOG.info(
        "role {} -> {} (epoch {}): {}",
        change.from() == null ? "unknown" : change.from().wireName(),
        change.to().wireName(),
        change.epoch(),
        change.reason());
    hooks.onChange(change);
  }

  private void noteProbe(ProbeResult result) {
    if (result.status() != lastProbeStatus) {
      if (result.status() == HeartbeatStatus.HEALTHY) {
        LOG.info("app probe HEALTHY: {}", result.check().detail());
      } else {
        LOG.warn("app probe {}: {}", result.status(), result.check().detail());
      }
      lastProbeStatus = result.status();
    }
  }

  /**
   * Tracks when the app was last up and returns the {@code upUntil} a down beat carries: midway
   * between the last good probe and the first failed one of this outage (the gap measured on the
   * monotonic clock, so a clock correction in between cannot bend it), or null when the probe is
   * good or the app has not been seen up since the agent started.
   */
  private Instant noteAppUp(ProbeResult result, Instant probedAt, long probedNanos) {
    if (result.status().countsAsUp()) {
      appSeenUp = true;
      appLastUpNanos = probedNanos;
      appUpUntil = null;
      appFailing = false;
      return null;
    }
    if (!appFailing) {
      appFailing = true;
      appUpUntil =
          appSeenUp ? probedAt.minusNanos(Math.max(0, probedNanos - appLastUpNanos) / 2) : null;
    }
    return appUpUntil;
  }

  private void noteStoreFailure(Instant now, String reason) {
    if (storeFailingSince == null) {
      storeFailingSince = now;
      LOG.warn("store unreachable: {}", reason);
    } else {
      LOG.debug("store still unreachable: {}", reason);
    }
  }

  private void noteStoreReachable(Instant now) {
    if (storeFailingSince != null) {
      LOG.info(
          "authority reachable again after {} ms",
          Duration.between(storeFailingSince, now).toMillis());
      storeFailingSince = null;
    }
  }

  private static String failure(WriteOutcome outcome) {
    if (outcome instanceof WriteOutcome.Failed failed) {
      return failed.reason();
    }
    if (outcome instanceof WriteOutcome.SeqBehind behind) {
      return "seq refused twice: the table holds "
          + (behind.storedSeq().isPresent()
              ? "seq " + behind.storedSeq().getAsLong()
              : "a higher seq");
    }
    return "written";
  }
}
