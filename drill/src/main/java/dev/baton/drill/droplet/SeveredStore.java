package dev.baton.drill.droplet;

import dev.baton.agent.store.AgentStore;
import dev.baton.agent.store.StoreUnavailableException;
import dev.baton.domain.Heartbeat;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The agent's store, with a switch that cuts the droplet off from DynamoDB ({@code
 * cut-agent-from-store}): while cut, every call fails as an unreachable endpoint does, and the
 * agent sees exactly the outcomes the real store returns then.
 */
public final class SeveredStore implements AgentStore {
  static final String CUT = "drill: the droplet's connection to DynamoDB is cut";

  private final AgentStore store;
  private volatile boolean cut;

  public SeveredStore(AgentStore store) {
    this.store = store;
  }

  public void cut(boolean severed) {
    this.cut = severed;
  }

  public boolean isCut() {
    return cut;
  }

  @Override
  public WriteOutcome write(Heartbeat beat, Instant expiresAt) {
    return cut ? new WriteOutcome.Failed(CUT) : store.write(beat, expiresAt);
  }

  @Override
  public BatonRead readBaton() {
    return cut ? new BatonRead.Failed(CUT) : store.readBaton();
  }

  @Override
  public OptionalLong storedSeq(String region, String instanceId) {
    if (cut) {
      throw new StoreUnavailableException(CUT, null);
    }
    return store.storedSeq(region, instanceId);
  }
}
