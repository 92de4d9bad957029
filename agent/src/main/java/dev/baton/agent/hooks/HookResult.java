package dev.baton.agent.hooks;

import java.time.Duration;

/**
 * How a hook command ended.
 *
 * @param exitCode the exit code, or -1 when it was killed or could not start
 * @param timedOut whether it was killed at its timeout
 * @param killedProcesses how many processes (the hook and its descendants) were killed, or {@link
 *     #UNKNOWN_COUNT} when its control group was killed (the hook runner's unit)
 * @param took how long it ran
 * @param output the tail of its combined stdout and stderr
 */
public record HookResult(
    int exitCode, boolean timedOut, int killedProcesses, Duration took, String output) {

  /** {@link #killedProcesses()} when the processes were not counted. */
  public static final int UNKNOWN_COUNT = -1;

  /** Whether the hook ran to completion with exit code 0. */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
