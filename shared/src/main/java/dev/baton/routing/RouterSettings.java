package dev.baton.routing;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one router's settings, collecting every problem (field named {@code
 * routers[i].settings.key}) instead of stopping at the first.
 */
final class RouterSettings {
  private final RouterConfig config;
  private final String prefix;
  private final List<ConfigProblem> problems = new ArrayList<>();

  RouterSettings(RouterConfig config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  void problem(String key, String rule) {
    problems.add(new ConfigProblem(field(key), rule));
  }

  String field(String key) {
    return prefix + ".settings." + key;
  }

  /** A required, non-blank setting (null when missing, with a problem recorded). */
  String required(String key) {
    String value = config.setting(key);
    if (value == null || value.isBlank()) {
      problem(key, "is required for a " + config.type() + " router");
      return null;
    }
    return value.trim();
  }

  /** One of {@code allowed} (case-insensitive, returned upper case), or {@code fallback}. */
  String oneOf(String key, String fallback, Set<String> allowed) {
    String value = config.setting(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String upper = value.trim().toUpperCase(java.util.Locale.ROOT);
    if (!allowed.contains(upper)) {
      problem(key, "must be one of " + new TreeSet<>(allowed) + ", was '" + value + "'");
      return fallback;
    }
    return upper;
  }

  /** An integer in [min, max], or {@code fallback} when absent. */
  int integer(String key, int fallback, int min, int max) {
    String value = config.setting(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        problem(key, "must be between " + min + " and " + max + ", was " + n);
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      problem(key, "must be a whole number, was '" + value + "'");
      return fallback;
    }
  }

  /** {@code true}/{@code false}, or {@code fallback} when absent. */
  boolean bool(String key, boolean fallback) {
    String value = config.setting(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(key, "must be true or false, was '" + value + "'");
        yield fallback;
      }
    };
  }

  /** Every setting not in {@code known} is a problem (a typo must not be silently ignored). */
  void rejectUnknown(Set<String> known) {
    for (String key : new TreeSet<>(config.settings().keySet())) {
      if (!known.contains(key)) {
        problem(
            key,
            "is not a setting of a "
                + config.type()
                + " router; known settings: "
                + new TreeSet<>(known));
      }
    }
  }
}
