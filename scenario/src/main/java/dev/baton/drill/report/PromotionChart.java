package dev.baton.drill.report;

import dev.baton.drill.timeline.DrillEvent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A close-up of one promotion: its steps as bars on the promotion's own time scale (a promotion
 * takes milliseconds to seconds, too short to read on the drill's axis), each labelled with its
 * duration.
 */
final class PromotionChart {
  private static final double WIDTH = 1200;
  private static final double LEFT = 250;
  private static final double RIGHT = 150;
  private static final double PLOT = WIDTH - LEFT - RIGHT;
  private static final double LANE = 20;

  private PromotionChart() {}

  /** A step name that fits the label column; the full name is in the tooltip. */
  static String label(String step) {
    return step.length() <= 36 ? step : step.substring(0, 35) + "…";
  }

  static String render(List<DrillEvent.PromotionStep> steps) {
    Duration start =
        steps.stream()
            .map(DrillEvent.PromotionStep::startedAt)
            .min(Duration::compareTo)
            .orElseThrow();
    Duration finish = steps.stream().map(DrillEvent::at).max(Duration::compareTo).orElseThrow();
    long span = Math.max(1, finish.minus(start).toMillis());
    Svg svg = new Svg();
    double y = 4;
    for (DrillEvent.PromotionStep s : steps) {
      double x1 = LEFT + (s.startedAt().minus(start).toMillis() / (double) span) * PLOT;
      double w = Math.max(2, s.took().toMillis() / (double) span * PLOT);
      svg.raw(
          "<text x=\"8\" y=\""
              + Svg.n(y + 14)
              + "\" class=\"sm\"><title>"
              + Svg.escape(s.step())
              + "</title>"
              + Svg.escape(label(s.step()))
              + "</text>");
      svg.rect(x1, y + 2, w, LANE - 4, Palette.step(s.failed(), s.status()), s.summary());
      String label =
          s.took().toMillis()
              + " ms"
              + (s.attempts() > 1 ? " · " + s.attempts() + " attempts" : "")
              + (s.failed() ? " · " + s.status().toLowerCase(Locale.ROOT) : "");
      svg.text(x1 + w + 6, y + 14, label, "sm");
      y += LANE;
    }
    svg.line(LEFT, y + 2, LEFT + PLOT, y + 2, "#9ca3af", "");
    svg.text(LEFT - 4, y + 16, "+0 ms", "tiny");
    svg.text(LEFT + PLOT - 30, y + 16, "+" + span + " ms", "tiny");
    double height = y + 22;
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 "
        + Svg.n(WIDTH)
        + " "
        + Svg.n(height)
        + "\" width=\""
        + Svg.n(WIDTH)
        + "\" height=\""
        + Svg.n(height)
        + "\">\n"
        + TimelineChart.defs()
        + svg
        + "</svg>\n";
  }
}
