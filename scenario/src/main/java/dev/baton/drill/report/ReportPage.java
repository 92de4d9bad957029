package dev.baton.drill.report;

import dev.baton.config.DurationText;
import dev.baton.domain.Timings;
import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.timeline.DrillEvent;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.ExpectationResult;
import dev.baton.drill.timeline.Measurements;
import dev.baton.drill.timeline.RoleMeasurements;
import dev.baton.drill.timeline.TimelinePrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched)
 * that says at a glance whether the drill passed, how long detection and failover took, and shows
 * the timeline chart, each promotion's steps, the verdicts and the full event log.
 */
public final class ReportPage {
  private ReportPage() {}

  /** Writes the page for {@code result} to {@code file}, creating its directory. */
  public static void write(DrillResult result, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, render(result));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The page for {@code result}. */
  public static String render(DrillResult result) {
    Scenario s = result.scenario();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Baton drill: ")
        .append(Svg.escape(s.name()))
        .append(result.passed() ? " (passed)" : " (FAILED)")
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<header><h1>Baton drill <code>")
        .append(Svg.escape(s.name()))
        .append("</code> <span class=\"badge ")
        .append(result.passed() ? "pass\">PASSED" : "fail\">FAILED")
        .append("</span></h1>\n<p class=\"desc\">")
        .append(Svg.escape(s.description()))
        .append("</p>\n<p class=\"meta\">started ")
        .append(Svg.escape(result.startedAt().toString()))
        .append(" · ran ")
        .append(TimelineChart.secondsOf(result.ran()))
        .append(" · scale ")
        .append(s.scale())
        .append(" · regions ")
        .append(
            Svg.escape(
                String.join(
                    ", ", s.regions().stream().map(r -> r.name() + " ×" + r.instances()).toList())))
        .append(" · routers ")
        .append(Svg.escape(String.join(", ", s.routers())))
        .append("</p></header>\n");
    cards(h, result);
    if (!result.errors().isEmpty()) {
      h.append("<section class=\"errors\"><h2>The drill itself had problems</h2><ul>");
      result.errors().forEach(e -> h.append("<li>").append(Svg.escape(e)).append("</li>"));
      h.append("</ul></section>\n");
    }
    h.append("<section><h2>Timeline</h2>\n")
        .append(new TimelineChart(result).render())
        .append(legend(result))
        .append("</section>\n");
    promotions(h, result);
    expectations(h, result);
    timings(h, s);
    log(h, result);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void cards(StringBuilder h, DrillResult result) {
    Measurements m = result.measurements();
    Timings t = result.scenario().timings();
    long passed = result.expectations().stream().filter(ExpectationResult::passed).count();
    long handOvers = handOvers(result.events());
    h.append("<section class=\"cards\">\n");
    card(
        h,
        "detection",
        m.detection().map(TimelineChart::secondsOf).orElse("–"),
        m.faultAt() == null
            ? "no automatic failover"
            : "from "
                + m.fault()
                + " to the promotion request; bound "
                + TimelineChart.secondsOf(t.worstCaseDetection().plusSeconds(1)));
    card(
        h,
        "failover",
        m.failover().map(TimelineChart::secondsOf).orElse("–"),
        m.faultAt() == null
            ? "no automatic failover"
            : "from the fault to the last router acknowledged");
    card(
        h,
        "expectations",
        passed + " / " + result.expectations().size(),
        passed == result.expectations().size()
            ? "all held"
            : (result.expectations().size() - passed) + " failed");
    card(h, "hand-overs", Long.toString(handOvers), "times the baton moved");
    dualActiveCard(h, result);
    h.append("</section>\n");
  }

  /** Dual-active time, red when there was any; the other role and traffic times as its note. */
  private static void dualActiveCard(StringBuilder h, DrillResult result) {
    boolean sampled =
        result.events().stream().anyMatch(DrillEvent.AgentRoleChanged.class::isInstance);
    if (!sampled) {
      card(h, "dual active", "–", "no agent's role was sampled");
      return;
    }
    RoleMeasurements r = result.roles();
    card(
        h,
        r.dualActive().isZero() ? "card" : "card dual",
        "dual active",
        millis(r.dualActive()),
        "longest "
            + millis(r.maxDualActive())
            + "; none active "
            + millis(r.noActive())
            + "; traffic off the baton "
            + millis(r.trafficMismatch()));
  }

  private static String millis(Duration d) {
    return d.toMillis() < 10_000 ? d.toMillis() + " ms" : TimelineChart.secondsOf(d);
  }

  private static void card(StringBuilder h, String title, String value, String note) {
    card(h, "card", title, value, note);
  }

  private static void card(StringBuilder h, String cls, String title, String value, String note) {
    h.append("<div class=\"")
        .append(cls)
        .append("\"><div class=\"ct\">")
        .append(Svg.escape(title))
        .append("</div><div class=\"cv\">")
        .append(Svg.escape(value))
        .append("</div><div class=\"cn\">")
        .append(Svg.escape(note))
        .append("</div></div>\n");
  }

  private static long handOvers(List<DrillEvent> events) {
    String holder = null;
    long n = 0;
    for (DrillEvent e : events) {
      if (e instanceof DrillEvent.BatonChanged b) {
        if (holder != null && !holder.equals(b.activeRegion())) {
          n++;
        }
        holder = b.activeRegion();
      }
    }
    return n;
  }

  private static void promotions(StringBuilder h, DrillResult result) {
    Map<String, List<DrillEvent.PromotionStep>> byId = new LinkedHashMap<>();
    for (DrillEvent e : result.events()) {
      if (e instanceof DrillEvent.PromotionStep s) {
        byId.computeIfAbsent(s.promotionId(), k -> new java.util.ArrayList<>()).add(s);
      }
    }
    if (byId.isEmpty()) {
      return;
    }
    h.append("<section><h2>Promotions</h2>\n");
    for (Map.Entry<String, List<DrillEvent.PromotionStep>> p : byId.entrySet()) {
      DrillEvent.PromotionEnded ended =
          result.events().stream()
              .filter(DrillEvent.PromotionEnded.class::isInstance)
              .map(DrillEvent.PromotionEnded.class::cast)
              .filter(x -> x.promotionId().equals(p.getKey()))
              .reduce((a, b) -> b)
              .orElse(null);
      Duration first =
          p.getValue().stream()
              .map(DrillEvent.PromotionStep::startedAt)
              .min(Duration::compareTo)
              .orElseThrow();
      Duration last =
          p.getValue().stream().map(DrillEvent::at).max(Duration::compareTo).orElseThrow();
      h.append("<h3><code>").append(Svg.escape(p.getKey())).append("</code> ");
      if (ended != null) {
        h.append(Svg.escape(ended.kind().toLowerCase(Locale.ROOT).replace('_', ' ')))
            .append(' ')
            .append(Svg.escape(ended.from()))
            .append(" → ")
            .append(Svg.escape(ended.to()))
            .append(", epoch ")
            .append(ended.epoch())
            .append(", <span class=\"")
            .append(ended.status().toUpperCase(Locale.ROOT).startsWith("SUCC") ? "ok" : "bad")
            .append("\">")
            .append(Svg.escape(ended.status()))
            .append("</span>");
      }
      h.append(" <span class=\"meta\">at ")
          .append(TimelinePrinter.elapsed(first))
          .append(", ")
          .append(last.minus(first).toMillis())
          .append(" ms in all</span></h3>\n")
          .append(PromotionChart.render(p.getValue()));
    }
    h.append("</section>\n");
  }

  private static void expectations(StringBuilder h, DrillResult result) {
    h.append(
        "<section><h2>Expectations</h2><table><tr><th></th><th>expectation</th><th>window</th><th>met at</th><th>seen</th></tr>\n");
    for (ExpectationResult e : result.expectations()) {
      h.append("<tr class=\"")
          .append(e.passed() ? "ok" : "bad")
          .append("\"><td>")
          .append(e.passed() ? "✔" : "✘")
          .append("</td><td><code>")
          .append(Svg.escape(e.text()))
          .append("</code></td><td>")
          .append(Svg.escape(e.window()))
          .append("</td><td>")
          .append(e.metAt() == null ? "" : TimelinePrinter.elapsed(e.metAt()))
          .append("</td><td>")
          .append(Svg.escape(e.detail()))
          .append("</td></tr>\n");
    }
    h.append("</table></section>\n");
  }

  private static void timings(StringBuilder h, Scenario s) {
    Timings t = s.timings();
    h.append("<section><h2>Timings</h2><p class=\"meta\">")
        .append("heartbeatInterval ")
        .append(DurationText.format(t.heartbeatInterval()))
        .append(" · staleAfter ")
        .append(DurationText.format(t.staleAfter()))
        .append(" · failAfter ")
        .append(DurationText.format(t.failAfter()))
        .append(" · recoverAfter ")
        .append(DurationText.format(t.recoverAfter()))
        .append(" · startupGrace ")
        .append(DurationText.format(t.startupGrace()))
        .append(" · sweeper every ")
        .append(DurationText.format(s.sweepInterval()))
        .append(" · agents fence after ")
        .append(DurationText.format(s.fenceAfter()))
        .append(" · cooldown ")
        .append(DurationText.format(s.policy().minAutoPromotionGap()))
        .append("</p></section>\n");
  }

  private static void log(StringBuilder h, DrillResult result) {
    h.append(
        "<section><h2>Event log</h2><table class=\"log\"><tr><th>time</th><th>kind</th><th>what</th></tr>\n");
    for (DrillEvent e : result.events()) {
      h.append("<tr class=\"k-")
          .append(e.category())
          .append("\"><td>")
          .append(TimelinePrinter.elapsed(e.at()))
          .append("</td><td>")
          .append(e.category())
          .append("</td><td>")
          .append(Svg.escape(e.summary()))
          .append("</td></tr>\n");
    }
    h.append("</table></section>\n");
  }

  private static final String LEGEND =
      """
      <p class="legend">
      region health:
      <span><i style="background:#22c55e"></i>HEALTHY</span>
      <span><i style="background:#facc15"></i>SUSPECT</span>
      <span><i style="background:#ef4444"></i>UNHEALTHY</span>
      <span><i style="background:#38bdf8"></i>RECOVERING</span>
      <span><i style="background:#e5e7eb"></i>not judged yet</span><br>
      thin lanes, each instance's heartbeat:
      <span><i style="background:#4ade80"></i>healthy</span>
      <span><i style="background:#bef264"></i>degraded</span>
      <span><i style="background:#f87171"></i>unhealthy</span>
      <span><i style="background:#d1d5db"></i>silent</span>
      <span><i style="background:#a5b4fc"></i>draining</span>; hatched: the agent fenced itself<br>
      %s
      agents' roles, as each agent reported it:
      <span><i style="background:#16a34a"></i>active</span>
      <span><i style="background:#93c5fd"></i>standby</span>
      <span><i style="background:#f59e0b"></i>fenced</span>
      <span><i style="background:#e5e7eb"></i>unknown</span>
      <span><i style="background:#374151"></i>down (no agent runs)</span>;
      <b style="color:#dc2626">red</b>: two regions' agents active at once (dual active);
      traffic lanes: each router's target in its region's colour (grey: unreadable or no region)<br>
      dashed lines: <b style="color:#dc2626">faults</b>, <b style="color:#16a34a">repairs</b>,
      <b style="color:#7c3aed">operator commands</b>, <b style="color:#d97706">provider faults</b>;
      ◆ promotion requested (black: by a detector, purple: by an operator)
      </p>
      """;

  /** The legend's line for the outside lanes, shown when the drill recorded outside verdicts. */
  private static final String OUTSIDE_LEGEND =
      """
      outside view, one lane per perspective → region it probes (a DigitalOcean region's agents, or
      aws:&lt;region&gt; for a monitor), as stored with the region's state:
      <span><i style="background:#22c55e"></i>up</span>
      <span><i style="background:#ef4444"></i>down</span>
      <span><i style="background:#d1d5db"></i>unknown (no fresh probe, or split)</span>
      <span><i style="background:#f97316"></i>suspect, left out (hatched)</span><br>\
      """;

  private static String legend(DrillResult result) {
    boolean outside =
        result.events().stream().anyMatch(DrillEvent.PerspectiveChanged.class::isInstance);
    return LEGEND.formatted(outside ? OUTSIDE_LEGEND : "");
  }

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;margin:24px auto;max-width:1240px;padding:0 16px;background:#fff}
      h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:26px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
      h3{font-size:14px;margin:14px 0 4px;font-weight:600}
      code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f4f6;padding:1px 4px;border-radius:4px}
      .badge{font-size:13px;padding:3px 10px;border-radius:12px;vertical-align:middle;color:#fff}
      .badge.pass{background:#16a34a} .badge.fail{background:#dc2626}
      .desc{margin:4px 0;color:#374151} .meta{color:#6b7280;font-size:12px;margin:2px 0}
      .cards{display:flex;gap:12px;margin:16px 0}
      .card{flex:1;border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px}
      .ct{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280}
      .cv{font-size:28px;font-weight:700;margin:2px 0} .cn{font-size:12px;color:#6b7280}
      .card.dual{border-color:#dc2626;background:#fef2f2} .card.dual .cv{color:#dc2626}
      svg.chart{display:block;max-width:100%;height:auto}
      .legend{font-size:12px;color:#374151} .legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 3px -1px 8px}
      table{border-collapse:collapse;width:100%;font-size:13px} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f3f4f6;vertical-align:top}
      tr.ok td:first-child{color:#16a34a;font-weight:700} tr.bad td:first-child{color:#dc2626;font-weight:700} tr.bad{background:#fef2f2}
      span.ok{color:#16a34a;font-weight:600} span.bad{color:#dc2626;font-weight:600}
      table.log td:first-child{font-family:ui-monospace,monospace;white-space:nowrap;color:#6b7280}
      tr.k-action td{color:#7c3aed} tr.k-alarm td{color:#b91c1c} tr.k-baton td{font-weight:600}
      .errors{border:1px solid #fecaca;background:#fef2f2;border-radius:8px;padding:4px 14px}
      """;
}
