package dev.baton.drill.droplet;

import dev.baton.agent.Agent;
import dev.baton.agent.AgentRuntime;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.AppProbe;
import dev.baton.agent.role.Role;
import dev.baton.agent.role.RoleSnapshot;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.store.DynamoAgentStore;
import dev.baton.agent.store.ReplicaFailoverStore;
import dev.baton.port.OutsideProber;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * One simulated droplet: its app ({@link SimulatedApp}) and the real agent code probing it and
 * beating into the table. The scenario stops, slows and restarts the app, kills and starts the
 * agent (a kill writes nothing, like {@code kill -9}), cuts it off from DynamoDB and skews its
 * clock. Its agent reaches the table through its region's own path to its nearest replica, so a
 * fault can cut one DigitalOcean region from one AWS region and not another. Given an outside
 * prober, its agent probes the other regions' public endpoints through its own region's paths to
 * them, so {@code cut-ingress} and {@code cut-egress} show in its beats.
 */
public final class SimulatedDroplet implements AutoCloseable {
  private final String region;
  private final String instanceId;
  private final SimulatedApp app;
  private final SeveredStore store;
  private final SkewableClock clock;
  private final AgentConfig config;
  private final OutsideProber outsideProber;
  private Agent agent;
  private ScheduledExecutorService beats;
  private ExecutorService outsideRounds;

  public SimulatedDroplet(
      String region, String instanceId, DropletSettings settings, ReplicaPath path) {
    this(region, instanceId, settings, List.of(path), null);
  }

  /**
   * @param outsideProber how this droplet's agent probes the other regions' public endpoints from
   *     outside (its own site's paths to them), or null for not at all
   */
  public SimulatedDroplet(
      String region,
      String instanceId,
      DropletSettings settings,
      List<ReplicaPath> paths,
      OutsideProber outsideProber) {
    this.outsideProber = outsideProber;
    this.region = region;
    this.instanceId = instanceId;
    this.app = SimulatedApp.start(instanceId);
    this.clock = new SkewableClock(Clock.systemUTC());
    if (paths.isEmpty()) {
      throw new IllegalArgumentException(instanceId + ": a droplet needs a path to the table");
    }
    ReplicaPath path = paths.get(0);
    List<ReplicaFailoverStore.Replica> replicas = new ArrayList<>();
    for (ReplicaPath p : paths) {
      replicas.add(
          new ReplicaFailoverStore.Replica(
              p.awsRegion(),
              new DynamoAgentStore(p.client(), settings.table(), settings.callTimeout())));
    }
    // Several paths: a strongly consistent table, used as AgentRuntime uses it (issue 14).
    this.store =
        new SeveredStore(
            replicas.size() == 1
                ? replicas.get(0).store()
                : new ReplicaFailoverStore(
                    replicas, AgentRuntime.PREFER_NEAREST_AFTER, System::nanoTime));
    this.config =
        AgentConfig.builder()
            .region(region)
            .instanceId(instanceId)
            .table(settings.table())
            .awsRegion(path.awsRegion())
            .controlRegions(
                paths.size() == 1 ? List.of() : paths.stream().map(ReplicaPath::awsRegion).toList())
            .awsEndpoint(path.endpoint())
            .heartbeatInterval(settings.heartbeatInterval())
            .heartbeatJitter(settings.jitter())
            .heartbeatTtl(settings.ttl())
            .fenceAfter(settings.fenceAfter())
            .probeUrl(app.healthUrl())
            .probeTimeout(settings.probeTimeout())
            .listenPort(0)
            .stateFile(settings.stateDir().toAbsolutePath().resolve(instanceId + ".state"))
            .allowUnsynchronisedClock(true)
            .build();
  }

  public String region() {
    return region;
  }

  public String instanceId() {
    return instanceId;
  }

  public SimulatedApp app() {
    return app;
  }

  /** Starts a new agent process for this droplet (its seq continues from its state file). */
  public synchronized void startAgent() {
    if (agent != null) {
      return;
    }
    beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "agent-" + instanceId);
              t.setDaemon(true);
              return t;
            });
    AgentState state =
        AgentState.open(new StateFile(config.stateFile()), store, region, instanceId, clock);
    agent =
        new Agent(
            config,
            new AppProbe(config.probe(), "drill"),
            store,
            state,
            new RoleTracker(region, config.fenceAfter(), clock.instant()),
            new RoleHooks(region, config.hooks()),
            "drill",
            clock,
            beats,
            RandomGenerator.getDefault(),
            // The lease runs on the monotonic clock, which a skewed wall clock does not move.
            System::nanoTime,
            beats);
    if (outsideProber != null) {
      // As in production: a thread of its own, so a round runs beside the app probe.
      outsideRounds =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "outside-" + instanceId);
                t.setDaemon(true);
                return t;
              });
      agent.withOutsideProber(outsideProber, outsideRounds);
    }
    agent.start();
  }

  /** Kills the agent: no DRAINING beat, its instance simply goes silent. */
  public synchronized void killAgent() {
    if (agent == null) {
      return;
    }
    beats.shutdownNow();
    if (outsideRounds != null) {
      outsideRounds.shutdownNow();
      outsideRounds = null;
    }
    agent = null;
  }

  /** Whether an agent runs. */
  public synchronized boolean agentRunning() {
    return agent != null;
  }

  /** Cuts the agent off from DynamoDB, or restores it. */
  public void cutFromStore(boolean cut) {
    store.cut(cut);
  }

  /** Sets the agent's clock offset. */
  public void skewClock(Duration offset) {
    clock.skew(offset);
  }

  /** The agent's role as it sees it, when an agent runs. */
  public synchronized Optional<RoleSnapshot> role() {
    return agent == null ? Optional.empty() : Optional.of(agent.roles().snapshot());
  }

  /** Whether the running agent has fenced itself. */
  public boolean fenced() {
    return role().map(r -> r.role() == Role.FENCED).orElse(false);
  }

  @Override
  public synchronized void close() {
    killAgent();
    app.close();
  }
}
