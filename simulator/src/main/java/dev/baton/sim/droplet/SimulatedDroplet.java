package dev.baton.sim.droplet;

import dev.baton.agent.Agent;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.role.RoleSnapshot;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.store.AgentStore;
import dev.baton.port.OutsideProber;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One droplet: its app ({@link SimulatedApp}), its disk, its wall clock, and the production {@link
 * Agent} beating on the simulation's scheduler into the table through the droplet's path. An agent
 * can be killed (nothing written, its scheduled beats cancelled), stopped (the production stop: a
 * DRAINING beat) and started again (its seq continues from its disk).
 */
public final class SimulatedDroplet {
  /** What the agent reports as its version. */
  public static final String AGENT_VERSION = "sim";

  private final AgentConfig config;
  private final String name;
  private final SimulatedApp app;
  private final AgentStore store;
  private final MemoryStateStorage disk;
  private final SkewableClock clock;
  private final VirtualClock virtualClock;
  private final VirtualScheduler scheduler;
  private final SplittableRandom random;
  private final Instant bootedAt;
  private Agent agent;
  private ProcessScheduler process;
  private int incarnations;

  public SimulatedDroplet(
      AgentConfig config, AgentStore store, VirtualScheduler scheduler, SplittableRandom random) {
    this.config = config;
    this.name = config.region() + "/" + config.instanceId();
    this.app = new SimulatedApp(config.probe());
    this.store = store;
    this.disk = new MemoryStateStorage("/var/lib/baton-agent/" + config.instanceId());
    this.scheduler = scheduler;
    this.virtualClock = scheduler.clock();
    this.clock = new SkewableClock(virtualClock);
    this.random = random;
    this.bootedAt = virtualClock.instant();
  }

  public String region() {
    return config.region();
  }

  public String instanceId() {
    return config.instanceId();
  }

  /** {@code region/instanceId}. */
  public String name() {
    return name;
  }

  public AgentConfig config() {
    return config;
  }

  public SimulatedApp app() {
    return app;
  }

  public AgentStore store() {
    return store;
  }

  public SkewableClock clock() {
    return clock;
  }

  private OutsideProber outsideProber;

  /** Starts a new agent process (its seq continues from the disk); no-op while one runs. */
  public void startAgent() {
    if (agent != null) {
      return;
    }
    incarnations++;
    process = new ProcessScheduler(scheduler);
    AgentState state = AgentState.open(disk, store, config.region(), config.instanceId(), clock);
    agent =
        new Agent(
            config,
            app,
            store,
            state,
            new RoleTracker(config.region(), config.fenceAfter(), clock.instant()),
            new RoleHooks(config.region(), config.hooks(), process),
            AGENT_VERSION,
            clock,
            process,
            random.split(),
            this::monotonicNanos);
    if (outsideProber != null) {
      agent.withOutsideProber(outsideProber);
    }
    agent.start();
  }

  /**
   * Gives every agent this droplet starts from now on a prober of the other regions' public
   * endpoints, as reached from this droplet's region (docs/decisions/0023).
   */
  public void probeOutsideWith(OutsideProber prober) {
    this.outsideProber = prober;
  }

  /** Kills the agent ({@code kill -9}): nothing written, its instance goes silent. */
  public void killAgent() {
    if (agent == null) {
      return;
    }
    process.kill();
    agent = null;
  }

  /** Stops the agent as systemd does (SIGTERM): the production stop writes DRAINING. */
  public void stopAgent(String why) {
    if (agent == null) {
      return;
    }
    agent.stop(why);
    process.kill();
    agent = null;
  }

  public boolean agentRunning() {
    return agent != null;
  }

  /** How many agent processes have been started on this droplet. */
  public int incarnations() {
    return incarnations;
  }

  /** The running agent, if any (for observations). */
  public Optional<Agent> agent() {
    return Optional.ofNullable(agent);
  }

  /** The running agent's role as it sees it; empty while no agent runs. */
  public Optional<RoleSnapshot> role() {
    return agent == null ? Optional.empty() : Optional.of(agent.roles().snapshot());
  }

  /** Sets the droplet's wall clock offset (the monotonic clock is not affected). */
  public void skewClock(Duration offset) {
    clock.skew(offset);
  }

  private long monotonicNanos() {
    return Duration.between(bootedAt, virtualClock.instant()).toNanos();
  }
}
