package dev.baton.drill.scenario;

import dev.baton.config.DurationText;
import dev.baton.domain.Alarm;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Parses an expectation's text, e.g. {@code active-region ams3 within 25s}, {@code no-promotion
 * until 130s}, {@code alarm OBSERVER_SUSPECT}, and resolves its window (see docs/drills.md).
 */
final class ExpectationText {
  static final List<String> KINDS =
      List.of(
          "active-region",
          "region-health",
          "mode",
          "no-promotion",
          "at-most",
          "promotion-failed-at-step",
          "promotion-succeeded",
          "alarm",
          "agent-fenced",
          "agents-active",
          "traffic-at",
          "single-active");

  /** The saga's steps, as docs/architecture.md names them. */
  static final List<String> STEPS =
      List.of("validate", "claim", "grant", "shift-traffic", "verify", "probe", "notify", "any");

  private enum Shape {
    STATE,
    EVENT,
    COUNT,
    /** Must hold at every instant of its window, which runs to the drill's end by default. */
    SAFETY
  }

  private ExpectationText() {}

  /**
   * The expectation {@code text} names.
   *
   * @param anchor the time of its timeline entry, or null for a top-level expectation
   * @param end the drill's duration
   * @param scale applies the scenario's scale to a duration read from the text
   * @param targets checks a target against the scenario's regions
   * @throws IllegalArgumentException with the rule broken
   */
  static Expectation parse(
      String text,
      Duration anchor,
      Duration end,
      UnaryOperator<Duration> scale,
      Function<String, Target> targets) {
    String clean = text.trim();
    List<String> words = Arrays.asList(clean.split("\\s+"));
    String modifier = null;
    Duration modifierValue = null;
    int n = words.size();
    if (n >= 3 && List.of("within", "for", "until", "at").contains(words.get(n - 2))) {
      modifier = words.get(n - 2);
      modifierValue = scale.apply(length(modifier, words.get(n - 1)));
      words = words.subList(0, n - 2);
    }
    String kind = words.get(0);
    Shape shape =
        switch (kind) {
          case "active-region", "region-health", "mode", "agents-active", "traffic-at" ->
              Shape.STATE;
          case "promotion-failed-at-step", "promotion-succeeded", "alarm", "agent-fenced" ->
              Shape.EVENT;
          case "no-promotion", "at-most" -> Shape.COUNT;
          case "single-active" -> Shape.SAFETY;
          default ->
              throw new IllegalArgumentException(
                  "unknown expectation '" + kind + "'; known: " + String.join(", ", KINDS));
        };
    Duration from = anchor == null ? Duration.ZERO : anchor;
    Window window;
    boolean throughout = false;
    if (modifier == null) {
      window =
          shape == Shape.STATE
              ? Window.instant(anchor == null ? end : anchor)
              : new Window(from, end);
    } else {
      if (shape == Shape.SAFETY && (modifier.equals("within") || modifier.equals("at"))) {
        throw new IllegalArgumentException(
            "single-active holds at every instant of its window: use 'for D' or 'until T' (or"
                + " nothing: to the drill's end), not '"
                + modifier
                + "'");
      }
      switch (modifier) {
        case "within" -> window = new Window(from, from.plus(modifierValue));
        case "for" -> {
          window = new Window(from, from.plus(modifierValue));
          throughout = true;
        }
        case "until" -> {
          if (modifierValue.compareTo(from) < 0) {
            throw new IllegalArgumentException(
                "'until "
                    + DurationText.format(modifierValue)
                    + "' is before the entry's time "
                    + DurationText.format(from));
          }
          window = new Window(from, modifierValue);
          throughout = true;
        }
        default -> {
          if (shape != Shape.STATE) {
            throw new IllegalArgumentException(
                "'at' applies to states (active-region, region-health, mode, agents-active,"
                    + " traffic-at); use within, for or until");
          }
          window = Window.instant(modifierValue);
        }
      }
    }
    if (window.to().compareTo(end) > 0) {
      throw new IllegalArgumentException(
          "its window "
              + window
              + " ends after the drill ends ("
              + DurationText.format(end)
              + "); raise duration or shorten the window");
    }
    if (shape == Shape.SAFETY && window.isInstant()) {
      throw new IllegalArgumentException(
          "its window is the single instant "
              + DurationText.format(window.from())
              + "; single-active needs a span of time");
    }
    return switch (kind) {
      case "active-region" ->
          new Expectation.ActiveRegion(
              region(words, targets, "active-region REGION"), window, throughout, clean);
      case "region-health" -> {
        expect(words, 3, "region-health REGION HEALTHY|SUSPECT|UNHEALTHY|RECOVERING");
        yield new Expectation.RegionHealthIs(
            region(words.subList(0, 2), targets, "region-health REGION HEALTH"),
            enumValue(RegionHealth.class, words.get(2), "HEALTH"),
            window,
            throughout,
            clean);
      }
      case "mode" -> {
        expect(words, 2, "mode AUTO|FROZEN");
        yield new Expectation.ModeIs(
            enumValue(BatonMode.class, words.get(1), "mode"), window, throughout, clean);
      }
      case "no-promotion" -> {
        expect(words, 1, "no-promotion [for D | until T | within D]");
        yield new Expectation.AtMostPromotions(0, window, clean);
      }
      case "at-most" -> {
        if (words.size() != 3 || !words.get(2).startsWith("promotion")) {
          throw new IllegalArgumentException("must be 'at-most N promotions'");
        }
        yield new Expectation.AtMostPromotions(count(words.get(1)), window, clean);
      }
      case "promotion-failed-at-step" -> {
        expect(words, 2, "promotion-failed-at-step STEP");
        if (!STEPS.contains(words.get(1))) {
          throw new IllegalArgumentException(
              "STEP must be one of " + String.join(", ", STEPS) + ", was '" + words.get(1) + "'");
        }
        yield new Expectation.PromotionFailedAtStep(words.get(1), window, clean);
      }
      case "promotion-succeeded" -> {
        expect(words, 1, "promotion-succeeded");
        yield new Expectation.PromotionSucceeded(window, clean);
      }
      case "alarm" -> {
        expect(words, 2, "alarm NAME");
        yield new Expectation.AlarmRaised(alarm(words.get(1)), window, clean);
      }
      case "agents-active" ->
          new Expectation.AgentsActive(
              region(words, targets, "agents-active REGION"), window, throughout, clean);
      case "traffic-at" ->
          new Expectation.TrafficAt(
              region(words, targets, "traffic-at REGION"), window, throughout, clean);
      case "single-active" -> {
        expect(words, 1, "single-active [for D | until T]");
        yield new Expectation.SingleActive(window, clean);
      }
      default -> {
        expect(words, 2, "agent-fenced REGION[/N]");
        yield new Expectation.AgentFenced(targets.apply(words.get(1)), window, clean);
      }
    };
  }

  /** The duration after a modifier: a length or a time from the start, never signed. */
  private static Duration length(String modifier, String word) {
    try {
      return DurationText.parseUnsigned(word);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the value after '" + modifier + "' " + e.getMessage(), e);
    }
  }

  private static String region(List<String> words, Function<String, Target> targets, String form) {
    expect(words, 2, form);
    Target t = targets.apply(words.get(1));
    if (t.instance() != 0) {
      throw new IllegalArgumentException("takes a region, not an instance: " + words.get(1));
    }
    return t.region();
  }

  private static Alarm alarm(String word) {
    String normalized = word.toUpperCase(Locale.ROOT).replace('-', '_');
    for (Alarm a : Alarm.values()) {
      if (a.name().equals(normalized)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "alarm must be one of " + Arrays.toString(Alarm.values()) + ", was '" + word + "'");
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String word, String name) {
    try {
      return Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + " must be one of "
              + Arrays.toString(type.getEnumConstants())
              + ", was '"
              + word
              + "'",
          e);
    }
  }

  private static int count(String word) {
    try {
      int n = Integer.parseInt(word);
      if (n < 0) {
        throw new IllegalArgumentException("N must be >= 0, was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("N must be a whole number, was '" + word + "'", e);
    }
  }

  private static void expect(List<String> words, int n, String form) {
    if (words.size() != n) {
      throw new IllegalArgumentException("must be '" + form + "'");
    }
  }
}
