package dev.baton.drill.report;

import dev.baton.domain.BatonMode;
import dev.baton.drill.scenario.ScenarioRegion;
import dev.baton.drill.scenario.Target;
import dev.baton.drill.timeline.DrillEvent;
import dev.baton.drill.timeline.DrillResult;
import dev.baton.drill.timeline.Measurements;
import dev.baton.drill.timeline.WorldHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's main chart, as inline SVG: the scenario's actions on top; per region a health band
 * and one thin lane per instance (heartbeat status, fences hatched); one lane per outside
 * perspective and region it probes (up, down, unknown; suspect orange and hatched); each agent's
 * reported role and a dual-active lane; the baton (region and epoch, FROZEN hatched); each router's
 * target; every promotion step; alarms; and brackets for the measured detection and failover times;
 * a time axis at the bottom. Dual-active time is also a faint red band across the whole chart.
 */
final class TimelineChart {
  static final double WIDTH = 1200;
  private static final double LEFT = 130;
  private static final double RIGHT = 30;
  private static final double PLOT = WIDTH - LEFT - RIGHT;
  private static final double CHAR = 6.3;

  private final DrillResult result;
  private final Duration end;
  private final Map<String, Integer> regionIndex = new HashMap<>();
  private final List<WorldHistory.Span> dualActive;
  private final Svg body = new Svg();
  private final Svg back = new Svg();
  private double y = 8;

  TimelineChart(DrillResult result) {
    this.result = result;
    Duration last = result.scenario().duration();
    for (DrillEvent e : result.events()) {
      if (e.at().compareTo(last) > 0) {
        last = e.at();
      }
    }
    this.end = last.isZero() ? Duration.ofSeconds(1) : last;
    this.dualActive = WorldHistory.of(result.events(), end).dualActive();
    List<ScenarioRegion> regions = result.scenario().regions();
    for (int i = 0; i < regions.size(); i++) {
      regionIndex.put(regions.get(i).name(), i);
    }
  }

  String render() {
    double actionsTop = y;
    actions();
    double lanesTop = y;
    for (ScenarioRegion region : result.scenario().regions()) {
      region(region);
    }
    outside();
    roles();
    baton();
    traffic();
    promotions();
    alarms();
    measurements();
    double axisY = y + 4;
    axis(axisY, lanesTop - 4);
    actionLines(actionsTop, axisY);
    dualActiveBands(actionsTop, axisY);
    double height = axisY + 24;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 "
        + Svg.n(WIDTH)
        + " "
        + Svg.n(height)
        + "\" width=\""
        + Svg.n(WIDTH)
        + "\" height=\""
        + Svg.n(height)
        + "\" role=\"img\" aria-label=\"timeline of the drill\">\n"
        + defs()
        + back
        + body
        + "</svg>\n";
  }

  static String defs() {
    return """
        <defs>
        <pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" \
        patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#111827" \
        stroke-width="2" opacity="0.45"/></pattern>
        <style>
        .lbl{font:600 12px system-ui,-apple-system,Segoe UI,sans-serif;fill:#111827}
        .sm{font:11px system-ui,-apple-system,Segoe UI,sans-serif;fill:#374151}
        .tiny{font:10px system-ui,-apple-system,Segoe UI,sans-serif;fill:#6b7280}
        .in{font:600 11px system-ui,-apple-system,Segoe UI,sans-serif;fill:#fff}
        .m{font:600 11px system-ui,-apple-system,Segoe UI,sans-serif;fill:#111827}
        </style>
        </defs>
        """;
  }

  private double x(Duration t) {
    double f = (double) t.toMillis() / end.toMillis();
    return LEFT + Math.max(0, Math.min(1, f)) * PLOT;
  }

  private void actions() {
    List<DrillEvent.ActionTaken> actions = events(DrillEvent.ActionTaken.class);
    body.text(8, y + 11, "scenario", "lbl");
    List<Double> rowEnds = new ArrayList<>();
    for (DrillEvent.ActionTaken a : actions) {
      double ax = x(a.at());
      String label = a.action();
      int row = 0;
      while (row < rowEnds.size() && rowEnds.get(row) > ax - 2) {
        row++;
      }
      double width = label.length() * CHAR + 8;
      if (row == rowEnds.size()) {
        rowEnds.add(0.0);
      }
      rowEnds.set(row, ax + width);
      double ty = y + 11 + row * 14;
      body.text(ax + 3, ty, label, "sm", "fill=\"" + actionColour(a) + "\"");
    }
    y += Math.max(1, rowEnds.size()) * 14 + 8;
  }

  private void actionLines(double top, double bottom) {
    for (DrillEvent.ActionTaken a : events(DrillEvent.ActionTaken.class)) {
      double ax = x(a.at());
      back.line(
          ax, top, ax, bottom, actionColour(a), "stroke-dasharray=\"4 3\" stroke-width=\"1.2\"");
    }
  }

  private static String actionColour(DrillEvent.ActionTaken a) {
    if (a.fault()) {
      return "#dc2626";
    }
    String verb = a.action().split(" ")[0];
    return switch (verb) {
      case "failback", "switchover", "freeze", "unfreeze", "resume", "reconcile" -> "#7c3aed";
      case "provider-fail", "skew-clock" -> "#d97706";
      default -> "#16a34a";
    };
  }

  private void region(ScenarioRegion region) {
    String name = region.name();
    body.text(8, y + 14, name, "lbl");
    body.text(66, y + 14, "priority " + region.priority(), "tiny");
    List<Segments.Change> changes = new ArrayList<>();
    for (DrillEvent.RegionHealthChanged c : events(DrillEvent.RegionHealthChanged.class)) {
      if (c.region().equals(name)) {
        changes.add(
            new Segments.Change(
                c.at(),
                c.to().name(),
                name + " " + c.to() + " from " + seconds(c.at()) + ": " + c.reason()));
      }
    }
    double band = 20;
    for (Segments.Segment s :
        Segments.of(changes, end, "UNJUDGED", name + ": no stored state yet (counts as HEALTHY)")) {
      double x1 = x(s.from());
      double w = x(s.to()) - x1;
      body.rect(x1, y, w, band, Palette.health(s.value()), s.title());
      if (w > s.value().length() * CHAR + 6 && !s.value().equals("UNJUDGED")) {
        body.text(x1 + 4, y + 14, s.value(), "in", "fill=\"#111827\" opacity=\"0.75\"");
      }
    }
    y += band + 3;
    for (int n = 1; n <= region.instances(); n++) {
      instance(name, Target.instanceId(name, n));
    }
    y += 8;
  }

  private void instance(String region, String instanceId) {
    double lane = 9;
    body.text(20, y + 8, instanceId, "tiny");
    List<Segments.Change> beats = new ArrayList<>();
    for (DrillEvent.HeartbeatChanged h : events(DrillEvent.HeartbeatChanged.class)) {
      if (h.region().equals(region) && h.instanceId().equals(instanceId)) {
        beats.add(
            new Segments.Change(
                h.at(),
                h.to(),
                instanceId
                    + " "
                    + h.to()
                    + " from "
                    + seconds(h.at())
                    + (h.detail().isEmpty() ? "" : ": " + h.detail())));
      }
    }
    for (Segments.Segment s : Segments.of(beats, end, null, null)) {
      if (!s.value().equals(DrillEvent.HeartbeatChanged.NONE)) {
        body.rect(
            x(s.from()), y, x(s.to()) - x(s.from()), lane, Palette.heartbeat(s.value()), s.title());
      }
    }
    List<Segments.Change> fences = new ArrayList<>();
    for (DrillEvent.AgentFence f : events(DrillEvent.AgentFence.class)) {
      if (f.instanceId().equals(instanceId)) {
        fences.add(
            new Segments.Change(
                f.at(),
                f.fenced() ? "FENCED" : "OPEN",
                instanceId
                    + (f.fenced() ? " fenced itself at " : " unfenced at ")
                    + seconds(f.at())));
      }
    }
    for (Segments.Segment s : Segments.of(fences, end, null, null)) {
      if (s.value().equals("FENCED")) {
        body.rect(
            x(s.from()),
            y - 1,
            x(s.to()) - x(s.from()),
            lane + 2,
            "url(#hatch)",
            "stroke=\"#111827\" stroke-width=\"0.8\"",
            s.title());
      }
    }
    y += lane + 2;
  }

  /**
   * One lane per perspective and region it judged ({@code ams3 → nyc1}), by region then
   * perspective: the perspective's verdict as stored with the region's state; a suspect perspective
   * (left out of the judgement) orange and hatched.
   */
  private void outside() {
    List<DrillEvent.PerspectiveChanged> changes = events(DrillEvent.PerspectiveChanged.class);
    if (changes.isEmpty()) {
      return;
    }
    body.text(8, y + 11, "outside view", "lbl");
    y += 16;
    Map<String, List<Segments.Change>> lanes = new java.util.TreeMap<>();
    for (DrillEvent.PerspectiveChanged c : changes) {
      String value = c.to() + (c.suspect() ? "|suspect" : "");
      lanes
          .computeIfAbsent(laneKey(c), k -> new ArrayList<>())
          .add(
              new Segments.Change(
                  c.at(),
                  value,
                  c.perspective()
                      + " sees "
                      + c.region()
                      + " "
                      + c.to()
                      + (c.suspect() ? " (suspect: left out)" : "")
                      + " from "
                      + seconds(c.at())
                      + (c.detail().isEmpty() ? "" : ": " + c.detail())));
    }
    double lane = 9;
    for (Map.Entry<String, List<Segments.Change>> e : lanes.entrySet()) {
      String[] key = e.getKey().split("\\|");
      String label = key[1] + " → " + key[0];
      body.text(8, y + 8, label, "tiny");
      for (Segments.Segment s : Segments.of(e.getValue(), end, null, null)) {
        boolean suspect = s.value().endsWith("|suspect");
        String verdict = s.value().split("\\|")[0];
        double x1 = x(s.from());
        double w = x(s.to()) - x1;
        body.rect(
            x1,
            y,
            w,
            lane,
            suspect ? Palette.SUSPECT_PERSPECTIVE : Palette.outside(verdict),
            "class=\"outside-" + verdict + (suspect ? " outside-suspect" : "") + "\"",
            s.title());
        if (suspect) {
          body.rect(x1, y, w, lane, "url(#hatch)", s.title());
        }
      }
      y += lane + 2;
    }
    y += 8;
  }

  /** Lanes sort by the region judged, then the perspective: {@code nyc1|ams3}. */
  private static String laneKey(DrillEvent.PerspectiveChanged c) {
    return c.region() + "|" + c.perspective();
  }

  /** One lane per instance with the role its agent reported, then the dual-active lane. */
  private void roles() {
    List<DrillEvent.AgentRoleChanged> roles = events(DrillEvent.AgentRoleChanged.class);
    if (roles.isEmpty()) {
      return;
    }
    body.text(8, y + 11, "agents' roles", "lbl");
    y += 16;
    Set<String> instances = new LinkedHashSet<>();
    for (ScenarioRegion region : result.scenario().regions()) {
      for (int n = 1; n <= region.instances(); n++) {
        instances.add(Target.instanceId(region.name(), n));
      }
    }
    roles.forEach(r -> instances.add(r.instanceId()));
    double lane = 9;
    for (String instanceId : instances) {
      body.text(20, y + 8, instanceId, "tiny");
      List<Segments.Change> changes = new ArrayList<>();
      for (DrillEvent.AgentRoleChanged r : roles) {
        if (r.instanceId().equals(instanceId)) {
          changes.add(
              new Segments.Change(
                  r.at(), r.to(), instanceId + " " + r.to() + " from " + seconds(r.at())));
        }
      }
      for (Segments.Segment s : Segments.of(changes, end, null, null)) {
        body.rect(
            x(s.from()),
            y,
            x(s.to()) - x(s.from()),
            lane,
            Palette.role(s.value()),
            "class=\"role-" + s.value().replaceAll("[^a-z]", "") + "\"",
            s.title());
      }
      y += lane + 2;
    }
    body.text(20, y + 8, "dual active", "tiny", "fill=\"" + Palette.DUAL_ACTIVE + "\"");
    for (WorldHistory.Span d : dualActive) {
      // At least 3 px: a 50 ms overlap in a long drill must still catch the eye.
      body.rect(
          x(d.from()),
          y,
          Math.max(3, x(d.to()) - x(d.from())),
          lane,
          Palette.DUAL_ACTIVE,
          "class=\"dual-active\"",
          dualActiveTitle(d));
    }
    y += lane + 10;
  }

  private static String dualActiveTitle(WorldHistory.Span d) {
    return "dual active from "
        + seconds(d.from())
        + " for "
        + d.length().toMillis()
        + " ms: "
        + String.join(" and ", d.activeRegions());
  }

  /** A faint red band across the chart for every dual-active span, behind everything. */
  private void dualActiveBands(double top, double bottom) {
    for (WorldHistory.Span d : dualActive) {
      back.rect(
          x(d.from()),
          top,
          x(d.to()) - x(d.from()),
          bottom - top,
          Palette.DUAL_ACTIVE,
          "opacity=\"0.12\" class=\"dual-active-band\"",
          dualActiveTitle(d));
    }
  }

  /** One lane per router with the region it sent users to. */
  private void traffic() {
    List<DrillEvent.RouterTargetChanged> targets = events(DrillEvent.RouterTargetChanged.class);
    if (targets.isEmpty()) {
      return;
    }
    body.text(8, y + 11, "traffic", "lbl");
    y += 16;
    Set<String> routers = new LinkedHashSet<>(result.scenario().routers());
    targets.forEach(t -> routers.add(t.router()));
    double lane = 9;
    for (String router : routers) {
      body.text(20, y + 8, router, "tiny");
      List<Segments.Change> changes = new ArrayList<>();
      for (DrillEvent.RouterTargetChanged t : targets) {
        if (t.router().equals(router)) {
          changes.add(
              new Segments.Change(
                  t.at(),
                  t.to(),
                  router
                      + " → "
                      + (t.to().equals("?") ? "? (unreadable)" : t.to())
                      + " from "
                      + seconds(t.at())));
        }
      }
      for (Segments.Segment s : Segments.of(changes, end, null, null)) {
        body.rect(
            x(s.from()),
            y,
            x(s.to()) - x(s.from()),
            lane,
            Palette.target(regionIndex.getOrDefault(s.value(), -1), s.value()),
            "class=\"traffic\"",
            s.title());
      }
      y += lane + 2;
    }
    y += 8;
  }

  private void baton() {
    y += 4;
    body.text(8, y + 15, "baton", "lbl");
    List<DrillEvent.BatonChanged> changes = events(DrillEvent.BatonChanged.class);
    List<Segments.Change> holders = new ArrayList<>();
    List<Segments.Change> modes = new ArrayList<>();
    for (DrillEvent.BatonChanged b : changes) {
      holders.add(
          new Segments.Change(
              b.at(),
              b.activeRegion() + "|" + b.epoch(),
              b.activeRegion()
                  + " epoch "
                  + b.epoch()
                  + " from "
                  + seconds(b.at())
                  + ": "
                  + b.reason()));
      modes.add(
          new Segments.Change(
              b.at(), b.mode().name(), "mode " + b.mode() + " from " + seconds(b.at())));
    }
    double band = 22;
    for (Segments.Segment s : Segments.of(holders, end, null, null)) {
      String[] parts = s.value().split("\\|");
      double x1 = x(s.from());
      double w = x(s.to()) - x1;
      body.rect(x1, y, w, band, Palette.region(regionIndex.getOrDefault(parts[0], 4)), s.title());
      String label = parts[0] + " · epoch " + parts[1];
      if (w > label.length() * CHAR + 8) {
        body.text(x1 + 5, y + 15, label, "in");
      } else if (w > parts[0].length() * CHAR + 6) {
        body.text(x1 + 3, y + 15, parts[0], "in");
      }
    }
    for (Segments.Segment s : Segments.of(modes, end, null, null)) {
      if (s.value().equals(BatonMode.FROZEN.name())) {
        double x1 = x(s.from());
        double w = x(s.to()) - x1;
        body.rect(x1, y, w, band, "url(#hatch)", s.title());
        body.text(x1 + 4, y + band + 11, "FROZEN", "tiny", "fill=\"#111827\"");
      }
    }
    y += band + 16;
  }

  private void promotions() {
    List<DrillEvent.PromotionStep> steps = events(DrillEvent.PromotionStep.class);
    List<DrillEvent.PromotionRequested> requests = events(DrillEvent.PromotionRequested.class);
    body.text(8, y + 13, "promotions", "lbl");
    double lane = 16;
    for (DrillEvent.PromotionRequested r : requests) {
      double rx = x(r.at());
      body.raw(
          "<path d=\"M"
              + Svg.n(rx)
              + " "
              + Svg.n(y + 1)
              + " l5 7 l-5 7 l-5 -7 z\" fill=\""
              + (r.automatic() ? "#111827" : "#7c3aed")
              + "\"><title>"
              + Svg.escape(seconds(r.at()) + " " + r.summary())
              + "</title></path>");
    }
    for (DrillEvent.PromotionStep s : steps) {
      double x1 = x(s.startedAt());
      body.rect(
          x1, y + 2, x(s.at()) - x1, lane - 4, Palette.step(s.failed(), s.status()), s.summary());
    }
    // One label per promotion, at its first step.
    Map<String, Boolean> labelled = new HashMap<>();
    for (DrillEvent.PromotionEnded p : events(DrillEvent.PromotionEnded.class)) {
      if (labelled.putIfAbsent(p.promotionId(), true) == null) {
        Duration start =
            steps.stream()
                .filter(s -> s.promotionId().equals(p.promotionId()))
                .map(DrillEvent.PromotionStep::startedAt)
                .min(Duration::compareTo)
                .orElse(p.at());
        body.text(
            x(start) + 8,
            y + lane + 10,
            p.kind().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " → "
                + p.to()
                + " "
                + p.status().toLowerCase(Locale.ROOT),
            "tiny",
            "fill=\"#111827\"");
      }
    }
    y += lane + 18;
  }

  private void alarms() {
    List<DrillEvent.AlarmRaised> alarms = events(DrillEvent.AlarmRaised.class);
    if (alarms.isEmpty()) {
      return;
    }
    body.text(8, y + 12, "alarms", "lbl");
    // One mark per distinct alarm burst: repeated alarms of the same name within 2% of the axis
    // would only overprint.
    Map<String, Double> lastX = new HashMap<>();
    List<Double> rowEnds = new ArrayList<>();
    for (DrillEvent.AlarmRaised a : alarms) {
      double ax = x(a.at());
      Double previous = lastX.get(a.alarm());
      if (previous != null && ax - previous < PLOT * 0.02) {
        continue;
      }
      lastX.put(a.alarm(), ax);
      body.raw(
          "<path d=\"M"
              + Svg.n(ax)
              + " "
              + Svg.n(y + 2)
              + " l6 11 h-12 z\" fill=\"#dc2626\"><title>"
              + Svg.escape(seconds(a.at()) + " " + a.summary())
              + "</title></path>");
      int row = 0;
      while (row < rowEnds.size() && rowEnds.get(row) > ax) {
        row++;
      }
      if (row == rowEnds.size()) {
        rowEnds.add(0.0);
      }
      rowEnds.set(row, ax + 10 + a.alarm().length() * CHAR);
      body.text(ax + 8, y + 12 + row * 12, a.alarm(), "tiny", "fill=\"#991b1b\"");
    }
    y += 14 + Math.max(1, rowEnds.size()) * 12;
  }

  private void measurements() {
    Measurements m = result.measurements();
    if (m.faultAt() == null) {
      return;
    }
    body.text(8, y + 13, "measured", "lbl");
    m.detection()
        .ifPresent(
            d -> bracket(m.faultAt(), m.requestedAt(), "detection " + secondsOf(d), "#111827"));
    m.failover()
        .ifPresent(d -> bracket(m.faultAt(), m.routedAt(), "failover " + secondsOf(d), "#2563eb"));
  }

  private void bracket(Duration from, Duration to, String label, String colour) {
    double x1 = x(from);
    double x2 = x(to);
    double my = y + 8;
    body.line(x1, my, x2, my, colour, "stroke-width=\"2\"");
    body.line(x1, my - 5, x1, my + 5, colour, "stroke-width=\"2\"");
    body.line(x2, my - 5, x2, my + 5, colour, "stroke-width=\"2\"");
    body.text(x2 + 6, my + 4, label, "m", "fill=\"" + colour + "\"");
    y += 18;
  }

  private void axis(double axisY, double gridTop) {
    long totalSeconds = Math.max(1, end.toSeconds());
    long[] steps = {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1800, 3600};
    long step = steps[steps.length - 1];
    for (long s : steps) {
      if (totalSeconds / s <= 14) {
        step = s;
        break;
      }
    }
    body.line(LEFT, axisY, LEFT + PLOT, axisY, "#6b7280", "");
    for (long t = 0; t <= totalSeconds; t += step) {
      double tx = x(Duration.ofSeconds(t));
      body.line(tx, axisY, tx, axisY + 4, "#6b7280", "");
      back.line(tx, gridTop, tx, axisY, "#e5e7eb", "");
      body.text(tx - 8, axisY + 16, t + "s", "tiny");
    }
  }

  private <E extends DrillEvent> List<E> events(Class<E> type) {
    return result.events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
  }

  static String secondsOf(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
