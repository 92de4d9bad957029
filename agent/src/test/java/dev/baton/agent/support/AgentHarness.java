package dev.baton.agent.support;

import dev.baton.agent.Agent;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.AppProbe;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.DynamoAgentStore;
import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real agent (DynamoDB store, HTTP probe, hooks) on a hand-driven clock, for moto tests (run with
 * MotoExtension, which provides the fake credentials).
 */
public final class AgentHarness implements AutoCloseable {
  public final AgentConfig config;
  public final Agent agent;
  public final RoleHooks hooks;
  private final DynamoDbClient dynamo;

  /** The real store, whose answers carry moto's (real) time. */
  public final DynamoAgentStore dynamoStore;

  /**
   * The store as the harness's agent sees it: the virtual clock stands in for a synchronised one,
   * so the authority's real time in each answer (which would correct it) is left out.
   */
  private static AgentStore withoutAuthorityTime(AgentStore real) {
    return new AgentStore() {
      @Override
      public WriteOutcome write(dev.baton.domain.Heartbeat beat, java.time.Instant expiresAt) {
        return real.write(beat, expiresAt);
      }

      @Override
      public BatonRead readBaton() {
        BatonRead read = real.readBaton();
        return read instanceof BatonRead.Found found ? new BatonRead.Found(found.baton()) : read;
      }

      @Override
      public java.util.OptionalLong storedSeq(String region, String instanceId) {
        return real.storedSeq(region, instanceId);
      }
    };
  }

  public AgentHarness(AgentConfig config, URI storeEndpoint, VirtualClock clock) {
    this.config = config;
    this.dynamo = new AwsClients(AwsSettings.emulator("us-east-1", storeEndpoint)).dynamoDb();
    this.dynamoStore = new DynamoAgentStore(dynamo, config.table(), Duration.ofSeconds(2));
    AgentStore store = withoutAuthorityTime(dynamoStore);
    this.hooks = new RoleHooks(config.region(), config.hooks());
    this.agent =
        new Agent(
            config,
            new AppProbe(config.probe(), "it"),
            store,
            AgentState.open(
                new StateFile(config.stateFile()),
                store,
                config.region(),
                config.instanceId(),
                clock),
            new RoleTracker(config.region(), config.fenceAfter(), clock.instant()),
            hooks,
            "it",
            clock,
            new VirtualScheduler(clock), // the loop is not started: tests call beat()
            new Random(3));
  }

  @Override
  public void close() {
    hooks.close();
    dynamo.close();
  }
}
