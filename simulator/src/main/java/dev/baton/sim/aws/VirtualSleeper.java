package dev.baton.sim.aws;

import dev.baton.promotion.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The saga's {@link Sleeper} in virtual time: while it "sleeps", the rest of the world runs (agents
 * beat, the stream is read, other invocations run), because the wait runs the simulation's due
 * tasks up to the wake-up time on the same thread. A task started during the wait runs to its end
 * before the sleeper returns, so a nested wait that ends later delays the outer one: the outer run
 * wakes at least as late as it asked to.
 */
public final class VirtualSleeper implements Sleeper {
  private final Clock clock;
  private final Consumer<Instant> runUntil;

  /**
   * @param runUntil runs every task due up to the instant (the simulation's stepping loop, so each
   *     step is observed)
   */
  public VirtualSleeper(Clock clock, Consumer<Instant> runUntil) {
    this.clock = clock;
    this.runUntil = runUntil;
  }

  @Override
  public void sleep(Duration duration) {
    runUntil.accept(clock.instant().plus(duration));
  }
}
