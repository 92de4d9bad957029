package dev.baton.sim.aws;

import dev.baton.promotion.RouterBranches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The routers' branches in virtual time. Each branch gets a thread, but only one thread runs at any
 * moment: a branch runs until it waits (its {@link VirtualSleeper} parks it here), then the branch
 * whose wait ends first (ties: topology order) goes on, once the world has run up to that instant
 * on the invoking thread. Branches therefore overlap in virtual time as the function's threads do
 * on AWS (a hung Cloudflare call and DigitalOcean's retry-after elapse together), and a seed
 * replays exactly: which branch runs next depends on virtual times only, never on the JVM's thread
 * scheduler.
 *
 * <p>Not modelled: two branches inside a call at the same instant (a branch's code between two
 * waits runs alone and takes no virtual time), so races inside the stores are not explored here;
 * the saga's tests with real threads cover the journal's serialization. When the invocation ends
 * (Lambda's timeout, {@link VirtualSleeper.Killed}) every parked branch unwinds with an {@link
 * Error}, writing nothing more, as a stopped sandbox runs no code.
 */
public final class VirtualBranches implements RouterBranches {
  private static final ThreadLocal<Slot> CURRENT = new ThreadLocal<>();

  /** Unwinds a parked branch whose invocation ended: no code of a stopped sandbox runs. */
  static final class Stopped extends Error {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("the invocation ended while this branch waited", null, false, false);
    }
  }

  private static final class Slot {
    final int index;
    final Semaphore go = new Semaphore(0);
    final Semaphore paused = new Semaphore(0);
    Instant wake;
    boolean done;
    boolean stop;
    Throwable failure;

    Slot(int index) {
      this.index = index;
    }
  }

  private final Clock clock;
  private final VirtualSleeper sleeper;

  public VirtualBranches(Clock clock, VirtualSleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Parks the calling branch until {@code wake} and returns true once it is its turn again; false
   * (at once) when the caller is not a branch.
   */
  static boolean park(Instant wake) {
    Slot slot = CURRENT.get();
    if (slot == null) {
      return false;
    }
    slot.wake = wake;
    slot.paused.release();
    slot.go.acquireUninterruptibly();
    if (slot.stop) {
      throw new Stopped();
    }
    return true;
  }

  @Override
  public void runAll(List<Branch> branches) {
    if (branches.size() <= 1) {
      branches.forEach(b -> b.work().run());
      return;
    }
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < branches.size(); i++) {
      Slot slot = new Slot(i);
      Branch branch = branches.get(i);
      Thread thread = new Thread(() -> run(slot, branch), "sim-router-" + branch.name());
      thread.setDaemon(true);
      thread.start();
      slots.add(slot);
    }
    Comparator<Slot> due =
        Comparator.<Slot, Instant>comparing(s -> s.wake).thenComparingInt(s -> s.index);
    try {
      // Each branch runs until its first wait, in topology order, all at the same instant.
      slots.forEach(VirtualBranches::turn);
      while (true) {
        Slot next = slots.stream().filter(s -> !s.done).min(due).orElse(null);
        if (next == null) {
          break;
        }
        Duration wait = Duration.between(clock.instant(), next.wake);
        // The world runs on this thread up to the wake-up; Lambda's timeout may end it here.
        sleeper.sleep(wait.isNegative() ? Duration.ZERO : wait);
        turn(next);
      }
    } catch (RuntimeException | Error e) {
      for (Slot slot : slots) {
        if (!slot.done) {
          slot.stop = true;
          turn(slot);
        }
      }
      throw e;
    }
    for (Slot slot : slots) {
      if (slot.failure instanceof RuntimeException r) {
        throw r;
      }
      if (slot.failure instanceof Error e) {
        throw e;
      }
      if (slot.failure != null) {
        throw new IllegalStateException("a router's branch failed", slot.failure);
      }
    }
  }

  /** Lets {@code slot}'s branch run until it waits or ends. */
  private static void turn(Slot slot) {
    slot.go.release();
    slot.paused.acquireUninterruptibly();
  }

  private static void run(Slot slot, Branch branch) {
    CURRENT.set(slot);
    slot.go.acquireUninterruptibly();
    try {
      if (!slot.stop) {
        branch.work().run();
      }
    } catch (Stopped e) {
      // Unwound on purpose: the invocation is over.
    } catch (RuntimeException | Error e) {
      slot.failure = e;
    } finally {
      slot.done = true;
      CURRENT.remove();
      slot.paused.release();
    }
  }
}
