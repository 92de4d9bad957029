package dev.baton.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's region health section is generated from {@link RegionHealthMachine}, so it cannot
 * drift from the code. After changing the table, regenerate it with {@code mvn -B -q -pl shared -am
 * verify -DskipITs -Dtest=ReadmeRegionHealthTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbaton.updateReadme=true}.
 */
class ReadmeRegionHealthTest {
  private static final Path README = Path.of("../README.md");
  private static final String BEGIN =
      "<!-- BEGIN GENERATED region-health-diagram (do not edit: generated from"
          + " RegionHealthMachine) -->\n";
  private static final String END = "<!-- END GENERATED region-health-diagram -->";

  /** What belongs between the markers. */
  static String section() {
    StringBuilder out = new StringBuilder();
    out.append(RegionHealthMachine.mermaid()).append('\n');
    out.append("| from | to | when |\n|---|---|---|\n");
    for (HealthTransition t : RegionHealthMachine.TRANSITIONS) {
      out.append("| ")
          .append(t.from())
          .append(" | ")
          .append(t.to())
          .append(" | ")
          .append(t.guard().label())
          .append(" |\n");
    }
    out.append(
        "\nA region's sample is up when its up instances (HEALTHY or DEGRADED, beat within"
            + " staleAfter) over its members (instances seen within membershipWindow, DRAINING"
            + " excluded) meet the quorum, by default a strict majority. `lastUpAt` is the latest"
            + " instant a quorum was known up, read from the beats' own times.\n\n"
            + "A region never judged starts HEALTHY. One evaluation may take several steps (a region"
            + " evaluated rarely can go HEALTHY -> SUSPECT -> UNHEALTHY at once); every change is"
            + " stored with one sentence of reason, e.g. _\"nyc1 is UNHEALTHY: 0 of 3 instances up"
            + " (2 needed), 3 stale, and not up since 12:00:30Z, 15s ago (failAfter 15s).\"_\n");
    return out.toString();
  }

  @Test
  void readmeStateDiagramIsGeneratedFromTheTable() throws IOException {
    String readme = Files.readString(README);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README has the marker %s", BEGIN.trim()).isNotNegative();
    assertThat(end).as("README has the marker %s", END).isGreaterThan(begin);
    String current = readme.substring(begin + BEGIN.length(), end);
    String wanted = section();
    if (Boolean.getBoolean("baton.updateReadme")) {
      Files.writeString(
          README, readme.substring(0, begin + BEGIN.length()) + wanted + readme.substring(end));
      return;
    }
    assertThat(current)
        .as(
            "README region health section is out of date; regenerate it with: mvn -B -q -pl"
                + " shared -am verify -DskipITs -Dtest=ReadmeRegionHealthTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.updateReadme=true")
        .isEqualTo(wanted);
  }
}
