package dev.baton.sim.droplet;

import dev.baton.agent.state.StateFile;
import dev.baton.agent.state.StateStorage;
import java.util.Optional;

/** A droplet's disk for the agent's state file: it outlives the agent process. */
public final class MemoryStateStorage implements StateStorage {
  private final String location;
  private StateFile.Saved saved;

  public MemoryStateStorage(String location) {
    this.location = location;
  }

  @Override
  public Optional<StateFile.Saved> load() {
    return Optional.ofNullable(saved);
  }

  @Override
  public void save(StateFile.Saved state) {
    saved = state;
  }

  @Override
  public String location() {
    return location;
  }

  /** Loses the disk (a rebuilt droplet). */
  public void wipe() {
    saved = null;
  }
}
