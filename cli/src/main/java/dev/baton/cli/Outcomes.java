package dev.baton.cli;

/**
 * The exit codes of every {@code baton} command (docs/cli.md, {@code baton --help}).
 *
 * <ul>
 *   <li>0 done: the command did what it was asked (promoted, frozen, unfrozen, dry-run; a read
 *       command printed its answer; a topology is valid).
 *   <li>1 promotion failed: the function answered {@code failed}, or crashed or timed out while it
 *       may have started one; see {@code baton status} and resume it.
 *   <li>2 bad request: a usage error (picocli's own code for it), an invalid topology, a stack
 *       without the output asked for, or the function answered {@code rejected}.
 *   <li>3 not acting: a valid request with nothing to do (stale epoch, lost race, already in that
 *       mode). Not 0: a script that asked for a move must be able to tell it did not happen; not an
 *       error either, so it keeps its own code.
 *   <li>4 Baton unreachable: network, timeouts, endpoint, throttling, 5xx, function or table
 *       missing.
 *   <li>5 not allowed: AWS refused the caller (access denied, not authorized, no or expired
 *       credentials, KMS).
 *   <li>70 internal error: a bug in baton (sysexits' EX_SOFTWARE); {@code --verbose} shows the
 *       stack trace.
 * </ul>
 */
public final class Outcomes {
  public static final int DONE = 0;
  public static final int FAILED = 1;
  public static final int REJECTED = 2;
  public static final int NOT_ACTING = 3;
  public static final int UNREACHABLE = 4;
  public static final int NOT_ALLOWED = 5;
  public static final int INTERNAL = 70;

  private Outcomes() {}

  /** The exit code of the promotion function's {@code outcome}. */
  public static int exitCode(String outcome) {
    return switch (outcome == null ? "" : outcome) {
      case "promoted", "frozen", "unfrozen", "dry-run", "ready" -> DONE;
      case "rejected" -> REJECTED;
      case "not-acting" -> NOT_ACTING;
      default -> FAILED;
    };
  }
}
