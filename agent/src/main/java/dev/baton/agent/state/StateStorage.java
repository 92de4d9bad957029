package dev.baton.agent.state;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the agent's small durable state lives: a {@link StateFile} on the droplet's disk in
 * production; memory in the deterministic simulator, where a droplet's "disk" outlives its agent.
 */
public interface StateStorage {

  /**
   * The saved state; empty when none was saved.
   *
   * @throws IOException when it exists but cannot be read
   */
  Optional<StateFile.Saved> load() throws IOException;

  /** Saves {@code state} durably, replacing what was saved. */
  void save(StateFile.Saved state) throws IOException;

  /** Where the state is kept, for log lines. */
  String location();
}
