package dev.baton.agent.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks the time daemons whether the kernel clock is synchronised, in this order:
 *
 * <ol>
 *   <li>{@code timedatectl show -p NTPSynchronized --value} (systemd: "yes"/"no", from the kernel's
 *       adjtimex status, whichever daemon disciplines the clock);
 *   <li>{@code chronyc -n tracking} ("Leap status : Normal" when synchronised);
 *   <li>{@code ntpstat} (exit 0 synchronised, 1 not, 2 unknown).
 * </ol>
 *
 * The first source that gives a clear answer decides. The kernel's own flag (adjtimex) cannot be
 * read from Java without native code, and /proc does not expose it, so these tools are the robust
 * route; when none answers, the status is {@link ClockSyncStatus.Unknown} and the agent refuses to
 * start (unless allowed), because an unknown clock is as dangerous as a wrong one.
 */
public final class SystemClockSync implements ClockSync {
  private final CommandRunner runner;

  public SystemClockSync() {
    this(SystemClockSync::runCommand);
  }

  public SystemClockSync(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public ClockSyncStatus check() {
    List<String> tried = new ArrayList<>();

    Optional<CommandRunner.Output> timedatectl =
        runner.run(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"));
    if (timedatectl.isPresent() && timedatectl.get().exitCode() == 0) {
      String value = timedatectl.get().text().strip();
      if (value.equals("yes")) {
        return new ClockSyncStatus.Synchronised("timedatectl NTPSynchronized=yes");
      }
      if (value.equals("no")) {
        return new ClockSyncStatus.Unsynchronised("timedatectl", "NTPSynchronized=no");
      }
    }
    tried.add("timedatectl: " + summary(timedatectl));

    Optional<CommandRunner.Output> chrony = runner.run(List.of("chronyc", "-n", "tracking"));
    if (chrony.isPresent() && chrony.get().exitCode() == 0) {
      for (String line : chrony.get().text().split("\n")) {
        if (line.startsWith("Leap status")) {
          String status = line.substring(line.indexOf(':') + 1).strip();
          return status.equals("Normal")
              ? new ClockSyncStatus.Synchronised("chronyc leap status Normal")
              : new ClockSyncStatus.Unsynchronised("chronyc", "leap status " + status);
        }
      }
    }
    tried.add("chronyc: " + summary(chrony));

    Optional<CommandRunner.Output> ntpstat = runner.run(List.of("ntpstat"));
    if (ntpstat.isPresent()) {
      if (ntpstat.get().exitCode() == 0) {
        return new ClockSyncStatus.Synchronised("ntpstat");
      }
      if (ntpstat.get().exitCode() == 1) {
        return new ClockSyncStatus.Unsynchronised("ntpstat", firstLine(ntpstat.get().text()));
      }
    }
    tried.add("ntpstat: " + summary(ntpstat));
    return new ClockSyncStatus.Unknown(String.join("; ", tried));
  }

  private static String summary(Optional<CommandRunner.Output> output) {
    if (output.isEmpty()) {
      return "not installed";
    }
    return "exit " + output.get().exitCode() + ", " + firstLine(output.get().text());
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    String line = newline < 0 ? stripped : stripped.substring(0, newline);
    return line.isEmpty() ? "no output" : "'" + line + "'";
  }

  /** Runs a command with a 5 s deadline; empty when the program does not exist. */
  static Optional<CommandRunner.Output> runCommand(List<String> argv) {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of(new CommandRunner.Output(-1, "timed out after 5s"));
      }
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Optional.of(new CommandRunner.Output(process.exitValue(), text));
    } catch (IOException e) {
      return Optional.empty(); // the program is not installed (or not executable): "not installed"
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(new CommandRunner.Output(-1, "interrupted"));
    }
  }
}
