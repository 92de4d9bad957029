package dev.baton.agent.clock;

/** Tells whether the system clock is synchronised; injectable so tests need no NTP. */
@FunctionalInterface
public interface ClockSync {
  ClockSyncStatus check();
}
