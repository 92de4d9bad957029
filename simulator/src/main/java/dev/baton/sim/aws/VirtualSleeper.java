package dev.baton.sim.aws;

import dev.baton.promotion.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The saga's {@link Sleeper} in virtual time: while it "sleeps", the rest of the world runs (agents
 * beat, the stream is read, other invocations run), because the wait runs the simulation's due
 * tasks up to the wake-up time on the same thread. A task started during the wait runs to its end
 * before the sleeper returns, so a nested wait that ends later delays the outer one: the outer run
 * wakes at least as late as it asked to.
 *
 * <p>It also enforces Lambda's timeout: an invocation {@linkplain #enter enters} with its deadline,
 * and a wait of the innermost invocation that would end at or after that deadline runs the world up
 * to the deadline and then ends the invocation there with {@link Killed}, wherever its code is (the
 * saga between two journal writes, a provider call in flight). Only an invocation's own waits
 * count: one woken late because a nested task ran long is not killed for it (on AWS it would have
 * run on its own sandbox at its own time).
 */
public final class VirtualSleeper implements Sleeper {
  /**
   * Lambda ended the invocation at its timeout: nothing of it runs any more. An {@link Error}, so
   * that production code's {@code catch (RuntimeException)} cannot journal or answer anything on
   * the way out, as no code runs in a sandbox that was stopped; {@link PromotionFunction} turns it
   * into the invocation's error at the function's boundary.
   */
  public static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
    private final transient Object invocation;
    private final Instant at;

    Killed(Object invocation, Instant at) {
      super("Task timed out at " + at, null, false, false);
      this.invocation = invocation;
      this.at = at;
    }

    /** Whether {@code invocation} (the token {@link #enter} returned) is the one killed. */
    public boolean of(Object invocation) {
      return this.invocation == invocation;
    }

    public Instant at() {
      return at;
    }
  }

  private record Running(Object token, Instant deadline) {}

  private final Clock clock;
  private final Consumer<Instant> runUntil;
  private final Deque<Running> running = new ArrayDeque<>();
  private long killed;

  /**
   * @param runUntil runs every task due up to the instant (the simulation's stepping loop, so each
   *     step is observed)
   */
  public VirtualSleeper(Clock clock, Consumer<Instant> runUntil) {
    this.clock = clock;
    this.runUntil = runUntil;
  }

  /**
   * An invocation starts; its waits end at {@code deadline}. Returns its token for {@link #exit}.
   */
  public Object enter(Instant deadline) {
    Object token = new Object();
    running.push(new Running(token, deadline));
    return token;
  }

  /** The invocation of {@code token} ended (or was killed). */
  public void exit(Object token) {
    if (running.isEmpty() || running.peek().token() != token) {
      throw new IllegalStateException("invocations must end in the order they started");
    }
    running.pop();
  }

  /** How many invocations Lambda's timeout ended so far. */
  public long killed() {
    return killed;
  }

  @Override
  public void sleep(Duration duration) {
    Instant wake = clock.instant().plus(duration);
    if (VirtualBranches.park(wake)) {
      // A router's branch: the invocation's thread runs the world and wakes it (VirtualBranches).
      return;
    }
    Running current = running.peek();
    if (current != null && !wake.isBefore(current.deadline())) {
      runUntil.accept(current.deadline());
      killed++;
      throw new Killed(current.token(), current.deadline());
    }
    runUntil.accept(wake);
  }
}
