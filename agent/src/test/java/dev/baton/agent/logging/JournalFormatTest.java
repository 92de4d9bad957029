package dev.baton.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class JournalFormatTest {
  private static final Instant AT = Instant.parse("2026-03-01T12:00:03.250Z");
  private final JournalFormat journal = new JournalFormat(true);
  private final JournalFormat terminal = new JournalFormat(false);

  @Test
  void underJournaldEachLevelCarriesItsSyslogPriority() {
    assertThat(journal.format(Level.ERROR, "dev.baton.agent.Agent", "store down", null, AT))
        .isEqualTo("<3>[ERROR] Agent - store down\n");
    assertThat(journal.format(Level.WARN, "dev.baton.agent.Agent", "slow", null, AT))
        .isEqualTo("<4>[WARN] Agent - slow\n");
    assertThat(journal.format(Level.INFO, "dev.baton.agent.Agent", "beat", null, AT))
        .isEqualTo("<6>[INFO] Agent - beat\n");
    assertThat(journal.format(Level.DEBUG, "x.Y", "d", null, AT)).startsWith("<7>[DEBUG] Y - d");
    assertThat(journal.format(Level.TRACE, "x.Y", "t", null, AT)).startsWith("<7>[TRACE] Y - t");
  }

  @Test
  void everyLineOfAStackTraceKeepsTheRecordsPriority() {
    String text =
        journal.format(
            Level.ERROR,
            "dev.baton.agent.Agent",
            "beat failed",
            new IllegalStateException("boom"),
            AT);

    assertThat(text)
        .startsWith("<3>[ERROR] Agent - beat failed\n<3>java.lang.IllegalStateException: boom\n");
    assertThat(text.lines()).hasSizeGreaterThan(2).allMatch(line -> line.startsWith("<3>"));
    assertThat(text).endsWith("\n").doesNotEndWith("\n\n");
  }

  @Test
  void outsideTheJournalALineStartsWithTheTimeAndHasNoPrefix() {
    assertThat(terminal.format(Level.WARN, "dev.baton.agent.Agent", "slow", null, AT))
        .isEqualTo("2026-03-01T12:00:03.250Z [WARN] Agent - slow\n");
    String withTrace =
        terminal.format(Level.ERROR, "A", "failed", new IllegalStateException("boom"), AT);
    assertThat(withTrace.lines().skip(1)).noneMatch(line -> line.startsWith("<"));
  }

  @Test
  void aMultiLineMessageIsOneRecordWithOnePriorityPerLine() {
    assertThat(journal.format(Level.WARN, "A", "invalid (2 problems):\n  - a\n  - b", null, AT))
        .isEqualTo("<4>[WARN] A - invalid (2 problems):\n<4>  - a\n<4>  - b\n");
  }
}
