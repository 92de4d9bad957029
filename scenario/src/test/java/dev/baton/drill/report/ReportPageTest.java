package dev.baton.drill.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.ResultJson;
import dev.baton.drill.timeline.SyntheticDrill;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report of a synthetic region-outage drill. The page is also written to
 * target/report-sample/report.html, to look at (docs/report-screenshot.png is taken from it), and
 * with 400 ms of dual-active time to report-dual-active.html.
 */
class ReportPageTest {
  private final DrillResult result = SyntheticDrill.result();
  private final String html = ReportPage.render(result);

  @Test
  void headlineSaysPassedAndShowsBothMeasuredTimes() throws Exception {
    assertThat(html).contains("<span class=\"badge pass\">PASSED</span>");
    assertThat(html).contains("<div class=\"ct\">detection</div><div class=\"cv\">16.4 s</div>");
    assertThat(html).contains("<div class=\"ct\">failover</div><div class=\"cv\">17.1 s</div>");
    Path sample = Path.of("target", "report-sample", "report.html");
    ReportPage.write(result, sample);
    assertThat(Files.readString(sample)).isEqualTo(html);
  }

  @Test
  void pageIsSelfContained() {
    assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
    assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"");
  }

  @Test
  void chartDrawsHealthBandsTheBatonAndEachStep() {
    // nyc1's band: the UNHEALTHY span starts where the monitor stored it.
    assertThat(html).contains("<title>nyc1 UNHEALTHY from 46.30s: down for 15s</title>");
    assertThat(html).contains("<title>ams3 epoch 2 from 46.52s: failover from nyc1</title>");
    assertThat(html).contains("p-0001 shift-traffic SUCCEEDED in 580 ms");
    assertThat(html).contains(">detection 16.4 s</text>").contains(">failover 17.1 s</text>");
  }

  @Test
  void timingsArePrintedAsAScenarioWritesThem() {
    assertThat(html)
        .contains(
            "heartbeatInterval 5s · staleAfter 12s · failAfter 15s · recoverAfter 1m"
                + " · startupGrace 20s · sweeper every 1m · agents fence after 10s · cooldown 10m");
  }

  @Test
  void textFromTheRunIsEscaped() {
    assertThat(html).contains("connection refused &lt;&amp;&gt;").doesNotContain("refused <&>");
  }

  @Test
  void failedExpectationsAreMarked() {
    DrillResult failing =
        new DrillResult(
            result.scenario(),
            result.startedAt(),
            result.ran(),
            result.events().subList(0, 5),
            new dev.baton.drill.timeline.ExpectationJudge(
                    result.events().subList(0, 5), java.util.Map.of())
                .judgeAll(result.scenario().expectations()),
            dev.baton.drill.timeline.Measurements.NONE,
            dev.baton.drill.timeline.RoleMeasurements.NONE,
            java.util.List.of("agent nyc1-1 did not start"));
    String page = ReportPage.render(failing);
    assertThat(page).contains("badge fail\">FAILED").contains("<tr class=\"bad\">");
    assertThat(page).contains("agent nyc1-1 did not start");
  }

  @Test
  void resultJsonCarriesVerdictsMeasurementsAndEvents() throws Exception {
    Path file = Path.of("target", "report-sample", "result.json");
    ResultJson.write(result, file);
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.at("/measurements/detectionMs").asLong()).isEqualTo(16_400);
    assertThat(json.at("/measurements/failoverMs").asLong()).isEqualTo(17_100);
    assertThat(json.get("expectations")).hasSize(result.expectations().size());
    JsonNode step = json.get("events").findValues("step").get(0);
    assertThat(step.asText()).isEqualTo("validate");
    JsonNode first = json.get("events").get(0);
    assertThat(first.get("type").asText()).isEqualTo("baton");
    assertThat(first.get("epoch").asLong()).isEqualTo(1);
  }

  @Test
  void chartHasARoleLaneForEveryInstanceAndATrafficLaneForEveryRouter() {
    for (String instance : new String[] {"nyc1-1", "nyc1-2", "ams3-1", "ams3-2"}) {
      assertThat(html).contains("<title>" + instance + " active from ");
      assertThat(html).contains("<title>" + instance + " standby from ");
    }
    assertThat(html).contains("class=\"role-active\"").contains("class=\"role-standby\"");
    assertThat(html).contains("<title>do-global-lb → ams3 from 46.80s</title>");
    assertThat(html).contains("<title>cloudflare-dns → nyc1 from 160.80s</title>");
    assertThat(html).contains(">dual active</text>");
  }

  @Test
  void dualActiveTimeIsRedAcrossTheChartAndTotalledInTheSummary() throws Exception {
    String page = ReportPage.render(SyntheticDrill.resultWithDualActive());
    Path sample = Path.of("target", "report-sample", "report-dual-active.html");
    Files.createDirectories(sample.getParent());
    Files.writeString(sample, page);
    assertThat(page)
        .contains(
            "fill=\"#dc2626\" class=\"dual-active\"><title>dual active from 46.90s for 400 ms:"
                + " ams3 and nyc1</title>");
    assertThat(page).contains("class=\"dual-active-band\"");
    assertThat(page)
        .contains(
            "<div class=\"card dual\"><div class=\"ct\">dual active</div><div"
                + " class=\"cv\">400 ms</div>");
    assertThat(page).contains("longest 400 ms; none active 50 ms; traffic off the baton 1270 ms");
  }

  @Test
  void noRedMarkingWithoutDualActiveTime() {
    assertThat(html).doesNotContain("class=\"dual-active").doesNotContain("card dual");
    assertThat(html)
        .contains(
            "<div class=\"card\"><div class=\"ct\">dual active</div><div class=\"cv\">0"
                + " ms</div>");
  }

  @Test
  void aDrillWithoutSampledRolesSaysSoInsteadOfZero() {
    String page = ReportPage.render(SyntheticDrill.result(SyntheticDrill.regionOutage()));
    assertThat(page).doesNotContain(">agents' roles</text>").doesNotContain("class=\"traffic\"");
    assertThat(page).contains("no agent&#39;s role was sampled");
  }

  @Test
  void chartHasALaneForEveryPerspectiveAndRegionItProbesWithSuspectsHatched() throws Exception {
    String page = ReportPage.render(SyntheticDrill.result(SyntheticDrill.withOutsideViews()));
    Path sample = Path.of("target", "report-sample", "report-outside.html");
    Files.createDirectories(sample.getParent());
    Files.writeString(sample, page);

    assertThat(page).contains(">outside view</text>");
    // One lane per perspective -> region, by region then perspective.
    int ams3ToNyc1 = page.indexOf(">ams3 → nyc1</text>");
    int awsToNyc1 = page.indexOf(">aws:us-east-2 → nyc1</text>");
    int nyc1ToAms3 = page.indexOf(">nyc1 → ams3</text>");
    assertThat(nyc1ToAms3).isPositive().isLessThan(ams3ToNyc1);
    assertThat(ams3ToNyc1).isLessThan(awsToNyc1);
    assertThat(page)
        .contains(
            "fill=\"#ef4444\" class=\"outside-down\"><title>aws:us-east-2 sees nyc1 down from"
                + " 31.40s: 1 of 1 prober fails: HTTP 503</title>")
        .contains("fill=\"#22c55e\" class=\"outside-up\"><title>ams3 sees nyc1 up from 66.00s")
        .contains(
            "fill=\"#d1d5db\" class=\"outside-unknown\"><title>aws:us-east-2 sees nyc1 unknown"
                + " from 66.50s: no fresh probe</title>")
        .contains(
            "fill=\"#f97316\" class=\"outside-down outside-suspect\"><title>nyc1 sees ams3 down"
                + " (suspect: left out) from 40.00s");
    // The suspect span is hatched too.
    assertThat(page)
        .contains(
            "fill=\"url(#hatch)\"><title>nyc1 sees ams3 down (suspect: left out) from 40.00s");
    assertThat(page).contains("suspect, left out (hatched)");
    // The event log carries each change as a line of the text timeline.
    assertThat(page)
        .contains(
            "<td>outside</td><td>nyc1 sees ams3 up -&gt; down (suspect: left out): 2 of 2 probers"
                + " fail: timeout</td>");
  }

  @Test
  void noOutsideLanesWithoutOutsideViews() {
    assertThat(html)
        .doesNotContain(">outside view</text>")
        .doesNotContain("class=\"outside-")
        .doesNotContain("suspect, left out");
  }
}
