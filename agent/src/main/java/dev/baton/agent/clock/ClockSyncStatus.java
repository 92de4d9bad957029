package dev.baton.agent.clock;

/** Whether the system clock is synchronised (NTP), and who said so. */
public sealed interface ClockSyncStatus {
  /** A human-readable sentence for the log or the refusal message. */
  String describe();

  /** The clock is synchronised, according to {@code source}. */
  record Synchronised(String source) implements ClockSyncStatus {
    @Override
    public String describe() {
      return "system clock synchronised (" + source + ")";
    }
  }

  /** The clock is not synchronised, according to {@code source}. */
  record Unsynchronised(String source, String detail) implements ClockSyncStatus {
    @Override
    public String describe() {
      return "system clock not synchronised (" + source + ": " + detail + ")";
    }
  }

  /** No source could tell; {@code tried} lists what was asked and what it answered. */
  record Unknown(String tried) implements ClockSyncStatus {
    @Override
    public String describe() {
      return "cannot tell whether the system clock is synchronised (" + tried + ")";
    }
  }
}
