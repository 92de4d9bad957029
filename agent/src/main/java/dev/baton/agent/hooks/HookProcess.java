package dev.baton.agent.hooks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operator command with {@code /bin/sh -c}, an environment and a timeout. At the timeout
 * the command and every process it started are killed (SIGKILL). Output goes to a temporary file,
 * not a pipe, so a child that outlives its parent cannot block the agent on an open pipe.
 */
public final class HookProcess {
  private static final Logger LOG = LoggerFactory.getLogger(HookProcess.class);

  /** Enough of the output to explain a failure, bounded so a chatty hook cannot flood the log. */
  static final int OUTPUT_TAIL_BYTES = 4096;

  private HookProcess() {}

  /**
   * Runs {@code command} and waits for it, at most {@code timeout}.
   *
   * @param extraEnv added to the agent's environment (without its AWS settings, see {@link
   *     HookEnvironment})
   * @throws InterruptedException when the agent stops meanwhile; the hook is killed first
   */
  public static HookResult run(String command, Map<String, String> extraEnv, Duration timeout)
      throws InterruptedException {
    return run(command, System.getenv(), extraEnv, timeout);
  }

  /** {@link #run(String, Map, Duration)} with the agent's environment passed in (tests). */
  static HookResult run(
      String command, Map<String, String> agentEnv, Map<String, String> extraEnv, Duration timeout)
      throws InterruptedException {
    long started = System.nanoTime();
    Path log;
    try {
      log = Files.createTempFile("baton-hook-", ".log");
    } catch (IOException e) {
      return new HookResult(-1, false, 0, Duration.ZERO, "cannot create the output file: " + e);
    }
    try {
      ProcessBuilder builder =
          new ProcessBuilder("/bin/sh", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      // Hooks get no AWS credentials: they are the operator's commands, not the agent's.
      builder.environment().clear();
      builder.environment().putAll(HookEnvironment.of(agentEnv, extraEnv));
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return new HookResult(-1, false, 0, elapsed(started), "cannot start /bin/sh: " + e);
      }
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        killTree(process);
        throw e;
      }
      if (!finished) {
        int killed = killTree(process);
        return new HookResult(-1, true, killed, elapsed(started), tail(log));
      }
      return new HookResult(process.exitValue(), false, 0, elapsed(started), tail(log));
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        LOG.warn("could not delete hook output file {}: {}", log, e.toString());
      }
    }
  }

  /**
   * Kills the process and its descendants. The descendants are listed before the parent dies
   * (afterwards they would be re-parented and no longer found), then killed; a second pass catches
   * children forked meanwhile. A process that double-forks into a new session escapes this, as it
   * would escape any process-tree kill; systemd's control group catches it when the agent stops.
   *
   * @return how many processes were killed
   */
  static int killTree(Process process) {
    List<ProcessHandle> victims = new ArrayList<>(process.descendants().toList());
    int killed = 0;
    if (process.toHandle().destroyForcibly()) {
      killed++;
    }
    for (int pass = 0; pass < 2; pass++) {
      List<ProcessHandle> next = new ArrayList<>();
      for (ProcessHandle victim : victims) {
        next.addAll(victim.descendants().toList());
        if (victim.isAlive() && victim.destroyForcibly()) {
          killed++;
        }
      }
      victims = next;
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the interrupt for the caller; the kill was sent
    }
    return killed;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static String tail(Path log) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      long from = Math.max(0, length - OUTPUT_TAIL_BYTES);
      byte[] bytes = new byte[(int) (length - from)];
      file.seek(from);
      file.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      return from > 0 ? "..." + text : text;
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
