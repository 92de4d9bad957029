package dev.baton.cli;

/**
 * Exit codes of the manual commands, from the promotion function's {@code outcome}: 0 when done
 * (promoted, frozen, unfrozen, dry-run, ready), 1 when a promotion failed (resume it), 2 when the
 * request was rejected (bad input), 3 when Baton was not acting (nothing to do, stale epoch, lost
 * race), 4 when the command could not reach Baton.
 */
public final class Outcomes {
  public static final int DONE = 0;
  public static final int FAILED = 1;
  public static final int REJECTED = 2;
  public static final int NOT_ACTING = 3;
  public static final int UNREACHABLE = 4;

  private Outcomes() {}

  public static int exitCode(String outcome) {
    return switch (outcome == null ? "" : outcome) {
      case "promoted", "frozen", "unfrozen", "dry-run", "ready" -> DONE;
      case "rejected" -> REJECTED;
      case "not-acting" -> NOT_ACTING;
      default -> FAILED;
    };
  }
}
