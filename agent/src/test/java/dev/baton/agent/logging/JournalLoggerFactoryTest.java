package dev.baton.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class JournalLoggerFactoryTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final JournalLoggerFactory factory =
      new JournalLoggerFactory(
          new JournalFormat(true),
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theAgentLogsInfoAndAboveWithArgumentsFilledIn() {
    Logger log = factory.getLogger("dev.baton.agent.Agent");

    log.debug("not shown {}", 1);
    log.info("role {} -> {} (epoch {})", "standby", "active", 4);
    log.warn("store unreachable", new IllegalStateException("timeout"));

    assertThat(written())
        .startsWith("<6>[INFO] Agent - role standby -> active (epoch 4)\n")
        .contains(
            "<4>[WARN] Agent - store unreachable\n<4>java.lang.IllegalStateException: timeout")
        .doesNotContain("not shown");
    assertThat(log.isDebugEnabled()).isFalse();
  }

  @Test
  void theAwsSdkLogsOnlyWarningsAndErrors() {
    Logger sdk = factory.getLogger("software.amazon.awssdk.core.retry");

    sdk.info("retrying");
    sdk.warn("giving up");

    assertThat(written()).isEqualTo("<4>[WARN] retry - giving up\n");
  }

  @Test
  void journalStreamCountsOnlyWhenItNamesStderrItself() {
    Map<String, String> env = Map.of("JOURNAL_STREAM", "8:12345");

    assertThat(JournalLoggerFactory.stderrIsJournal(env, () -> "8:12345")).isTrue();
    // Inherited by a process whose stderr was redirected (e.g. a hook's output file).
    assertThat(JournalLoggerFactory.stderrIsJournal(env, () -> "8:999")).isFalse();
    assertThat(JournalLoggerFactory.stderrIsJournal(env, () -> null)).isFalse();
    assertThat(JournalLoggerFactory.stderrIsJournal(Map.of(), () -> "8:12345")).isFalse();
  }
}
