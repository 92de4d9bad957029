package dev.baton.agent;

import dev.baton.agent.clock.ClockSync;
import dev.baton.agent.clock.ClockSyncStatus;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.endpoint.EndpointFile;
import dev.baton.agent.endpoint.LocalEndpoint;
import dev.baton.agent.hooks.CredentialFiles;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.AppProbe;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.DynamoAgentStore;
import dev.baton.agent.store.ReplicaFailoverStore;
import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.outside.HttpOutsideProber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires a running agent from its configuration, and takes it down in order. */
public final class AgentRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

  /**
   * On a strongly consistent control table, how long the agent stays on another replica after the
   * nearest failed before it tries the nearest again: a few beats, so a flapping replica costs at
   * most one failed call a minute.
   */
  public static final Duration PREFER_NEAREST_AFTER = Duration.ofMinutes(1);

  private final Agent agent;
  private final LocalEndpoint endpoint;
  private final RoleHooks hooks;
  private final ScheduledExecutorService scheduler;
  private final ScheduledExecutorService fenceTimer;
  private final ExecutorService outsideRounds;
  private final List<DynamoDbClient> dynamo;

  private AgentRuntime(
      Agent agent,
      LocalEndpoint endpoint,
      RoleHooks hooks,
      ScheduledExecutorService scheduler,
      ScheduledExecutorService fenceTimer,
      ExecutorService outsideRounds,
      List<DynamoDbClient> dynamo) {
    this.agent = agent;
    this.endpoint = endpoint;
    this.hooks = hooks;
    this.scheduler = scheduler;
    this.fenceTimer = fenceTimer;
    this.outsideRounds = outsideRounds;
    this.dynamo = dynamo;
  }

  /** The agent's version, from the jar manifest ("dev" when run from classes). */
  public static String version() {
    String v = AgentRuntime.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Refuses to run on a clock that is not known to be synchronised: the monitor judges freshness by
   * the agent's {@code sentAt}, and the seq floor relies on the clock.
   *
   * @throws UnsynchronisedClockException unless synchronised or {@code allowed}
   */
  public static void requireSynchronisedClock(ClockSync sync, boolean allowed) {
    ClockSyncStatus status = sync.check();
    if (status instanceof ClockSyncStatus.Synchronised) {
      LOG.info("{}", status.describe());
      return;
    }
    if (allowed) {
      LOG.warn("{}; running anyway (allowUnsynchronisedClock: true)", status.describe());
      return;
    }
    throw new UnsynchronisedClockException(
        "refusing to start: "
            + status.describe()
            + ". The monitor judges heartbeats by this clock. Enable time synchronisation"
            + " (systemd-timesyncd or chrony) and wait until it has synchronised, or set"
            + " allowUnsynchronisedClock: true to run anyway");
  }

  /**
   * Checks the clock, then starts the agent: state, store, hooks, endpoint and the beat loop.
   *
   * @throws UnsynchronisedClockException see {@link #requireSynchronisedClock}
   * @throws UncheckedIOException when the role endpoint cannot listen
   */
  public static AgentRuntime start(
      AgentConfig config, Map<String, String> env, ClockSync clockSync, Clock clock) {
    requireSynchronisedClock(clockSync, config.allowUnsynchronisedClock());
    // Hooks run as another user; the credential files must be the agent's alone (decision 0021).
    for (String warning : CredentialFiles.warnings(env, System.getProperty("user.name"))) {
      LOG.warn("{}", warning);
    }
    AwsSettings fromEnv = AwsSettings.fromEnvironment(env);
    // Each call gets half a beat, retries included, so a beat with a hanging store still ends in
    // time for the next one.
    Duration callTimeout = config.heartbeatInterval().dividedBy(2);
    List<String> replicaRegions =
        config.controlRegions().isEmpty() ? List.of(config.awsRegion()) : config.controlRegions();
    List<DynamoDbClient> dynamo = new ArrayList<>();
    List<ReplicaFailoverStore.Replica> replicas = new ArrayList<>();
    for (String awsRegion : replicaRegions) {
      DynamoDbClient client =
          new AwsClients(
                  new AwsSettings(
                      awsRegion,
                      config.awsEndpoint() != null ? config.awsEndpoint() : fromEnv.endpoint(),
                      fromEnv.perService()))
              .dynamoDb();
      dynamo.add(client);
      replicas.add(
          new ReplicaFailoverStore.Replica(
              awsRegion, new DynamoAgentStore(client, config.table(), callTimeout)));
    }
    // One replica: today's authority (aws.region). Several: a strongly consistent (MRSC) table,
    // where any replica answers with the latest write, so the agent may switch (issue 14).
    AgentStore store =
        replicas.size() == 1
            ? replicas.get(0).store()
            : new ReplicaFailoverStore(replicas, PREFER_NEAREST_AFTER, System::nanoTime);
    AgentState state =
        AgentState.open(
            new StateFile(config.stateFile()), store, config.region(), config.instanceId(), clock);
    RoleHooks hooks = new RoleHooks(config.region(), config.hooks());
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "baton-beat"));
    ScheduledExecutorService fenceTimer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "baton-fence");
              t.setDaemon(true);
              return t;
            });
    AppProbe probe = new AppProbe(config.probe(), version());
    // The HTTP client's first request loads and links most of its classes, which can take longer
    // than slowAfter; one throwaway probe keeps that cost out of the first heartbeat.
    LOG.info("first probe of {}: {}", config.probe().url(), probe.probe().check().detail());
    Agent agent =
        new Agent(
            config,
            probe,
            store,
            state,
            new RoleTracker(config.region(), config.fenceAfter(), clock.instant()),
            hooks,
            version(),
            clock,
            scheduler,
            RandomGenerator.getDefault(),
            System::nanoTime,
            fenceTimer);
    ExecutorService outsideRounds = null;
    if (config.outsideProbes()) {
      // Its own thread, so a round runs while the beat thread probes the app; the prober bounds
      // every round by the timeout, so one thread keeps up.
      outsideRounds =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "baton-outside");
                t.setDaemon(true);
                return t;
              });
      agent.withOutsideProber(
          new HttpOutsideProber(Agent.outsideProbeTimeout(config)), outsideRounds);
    } else {
      LOG.info("outside probes off (outsideProbes: false): this agent probes no other region");
    }
    LocalEndpoint endpoint;
    try {
      endpoint = LocalEndpoint.start(agent, config.listen().address(), config.listen().port());
    } catch (IOException e) {
      hooks.close();
      scheduler.shutdownNow();
      fenceTimer.shutdownNow();
      if (outsideRounds != null) {
        outsideRounds.shutdownNow();
      }
      dynamo.forEach(DynamoDbClient::close);
      throw new UncheckedIOException(
          "cannot listen on "
              + config.listen().address()
              + ":"
              + config.listen().port()
              + " (listen.address/listen.port)",
          e);
    }
    announceEndpoint(env, config.listen().address(), endpoint.port());
    LOG.info(
        "baton-agent {} started: region {}, instance {}, table {} in {}, beat every {} ms",
        version(),
        config.region(),
        config.instanceId(),
        config.table(),
        replicaRegions.size() == 1
            ? replicaRegions.get(0)
            : String.join(", ", replicaRegions) + " (strongly consistent; nearest first)",
        config.heartbeatInterval().toMillis());
    agent.start();
    return new AgentRuntime(agent, endpoint, hooks, scheduler, fenceTimer, outsideRounds, dynamo);
  }

  /**
   * Under systemd, writes the endpoint's URL for the unit's readiness and liveness checks. Without
   * it they cannot reach the agent, so systemd will not count it as started: said loudly.
   */
  private static void announceEndpoint(Map<String, String> env, String address, int port) {
    String dir = env.get(EndpointFile.RUNTIME_DIRECTORY);
    if (dir == null || dir.isBlank()) {
      return;
    }
    try {
      LOG.info("endpoint URL written to {}", EndpointFile.write(Path.of(dir), address, port));
    } catch (IOException e) {
      LOG.error(
          "cannot write the endpoint file in {} ({}): the unit's readiness check will fail",
          dir,
          e.toString());
    }
  }

  public Agent agent() {
    return agent;
  }

  public int endpointPort() {
    return endpoint.port();
  }

  /** Writes DRAINING, then stops the endpoint, the hooks and the clients. */
  public void stop(String why) {
    agent.stop(why);
    endpoint.close();
    hooks.close(Duration.ofSeconds(5));
    scheduler.shutdownNow();
    fenceTimer.shutdownNow();
    if (outsideRounds != null) {
      outsideRounds.shutdownNow();
    }
    dynamo.forEach(DynamoDbClient::close);
  }

  @Override
  public void close() {
    stop("agent closed");
  }
}
