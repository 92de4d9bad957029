package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code baton --help} documents the exit codes, and they are the ones the code returns. */
class HelpTest {
  @Test
  void helpListsEveryExitCodeAndEveryCommand() {
    StringWriter out = new StringWriter();
    int code =
        BatonCli.run(
            new CommandContext(
                Map.of(),
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                env -> null,
                (s, scale, d, o) -> 0),
            "--help");
    assertThat(code).isZero();
    String help = out.toString();
    assertThat(help)
        .contains("  " + Outcomes.DONE + "   done")
        .contains(
            "  "
                + Outcomes.FAILED
                + "   promotion failed (or the function crashed or timed out): resume it")
        .contains("  " + Outcomes.REJECTED + "   bad request")
        .contains("  " + Outcomes.NOT_ACTING + "   not acting")
        .contains("  " + Outcomes.UNREACHABLE + "   Baton unreachable")
        .contains("  " + Outcomes.NOT_ALLOWED + "   not allowed")
        .contains("  " + Outcomes.INTERNAL + "  internal error");
    assertThat(help)
        .contains(
            "status",
            "history",
            "topology",
            "failback",
            "switchover",
            "freeze",
            "unfreeze",
            "resume",
            "reconcile",
            "drill");
  }

  @Test
  void historyDaysAreTheAuditRetention() {
    assertThat(HistoryCommand.MAX_DAYS).isEqualTo(90);
  }
}
