package dev.baton.agent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.AgentRuntime;
import dev.baton.agent.UnsynchronisedClockException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemClockSyncTest {

  /** Answers as if only the listed programs were installed. */
  private static CommandRunner installed(Map<String, CommandRunner.Output> answers) {
    return argv -> Optional.ofNullable(answers.get(argv.get(0)));
  }

  private static CommandRunner.Output out(int exit, String text) {
    return new CommandRunner.Output(exit, text);
  }

  @Test
  void timedatectlYesMeansSynchronised() {
    ClockSyncStatus s =
        new SystemClockSync(installed(Map.of("timedatectl", out(0, "yes\n")))).check();

    assertThat(s).isInstanceOf(ClockSyncStatus.Synchronised.class);
  }

  @Test
  void timedatectlNoMeansUnsynchronisedWithoutAskingFurther() {
    ClockSyncStatus s =
        new SystemClockSync(
                installed(
                    Map.of(
                        "timedatectl", out(0, "no\n"),
                        "chronyc", out(0, "Leap status     : Normal\n"))))
            .check();

    assertThat(s)
        .isEqualTo(new ClockSyncStatus.Unsynchronised("timedatectl", "NTPSynchronized=no"));
  }

  @Test
  void withoutSystemdChronyDecides() {
    String tracking =
        """
        Reference ID    : A9FEA97B (169.254.169.123)
        Stratum         : 4
        Leap status     : Not synchronised
        """;
    ClockSyncStatus s =
        new SystemClockSync(
                installed(
                    Map.of(
                        "timedatectl", out(1, "System has not been booted with systemd"),
                        "chronyc", out(0, tracking))))
            .check();

    assertThat(s)
        .isEqualTo(new ClockSyncStatus.Unsynchronised("chronyc", "leap status Not synchronised"));
  }

  @Test
  void ntpstatIsTheLastResort() {
    ClockSyncStatus s =
        new SystemClockSync(installed(Map.of("ntpstat", out(0, "synchronised to NTP server"))))
            .check();

    assertThat(s).isEqualTo(new ClockSyncStatus.Synchronised("ntpstat"));
  }

  @Test
  void whenNothingCanTellTheStatusIsUnknownAndSaysWhatWasTried() {
    ClockSyncStatus s =
        new SystemClockSync(
                installed(Map.of("timedatectl", out(1, "Failed to connect to bus: Host is down"))))
            .check();

    assertThat(s.describe())
        .isEqualTo(
            "cannot tell whether the system clock is synchronised (timedatectl: exit 1, 'Failed"
                + " to connect to bus: Host is down'; chronyc: not installed; ntpstat: not"
                + " installed)");
  }

  @Test
  void theAgentRefusesAnUnsynchronisedClockUnlessAllowed() {
    ClockSync unsynchronised = () -> new ClockSyncStatus.Unsynchronised("timedatectl", "no");

    assertThatThrownBy(() -> AgentRuntime.requireSynchronisedClock(unsynchronised, false))
        .isInstanceOf(UnsynchronisedClockException.class)
        .hasMessageStartingWith(
            "refusing to start: system clock not synchronised (timedatectl: no)")
        .hasMessageContaining("allowUnsynchronisedClock: true");
    assertThatCode(() -> AgentRuntime.requireSynchronisedClock(unsynchronised, true))
        .doesNotThrowAnyException();
  }

  @Test
  void anUnknownClockIsRefusedToo() {
    ClockSync unknown = () -> new ClockSyncStatus.Unknown("nothing installed");

    assertThatThrownBy(() -> AgentRuntime.requireSynchronisedClock(unknown, false))
        .isInstanceOf(UnsynchronisedClockException.class);
  }

  @Test
  void theRealCommandRunnerReportsAMissingProgramAsNotInstalled() {
    assertThat(SystemClockSync.runCommand(List.of("/no/such/program-baton"))).isEmpty();
    assertThat(SystemClockSync.runCommand(List.of("sh", "-c", "echo hi; exit 4")))
        .contains(new CommandRunner.Output(4, "hi\n"));
  }
}
