package dev.baton.drill.report;

import java.util.List;

/**
 * The report's colours: health states, heartbeat statuses, outside verdicts, agents' roles, one
 * colour per region, and red for dual-active time.
 */
final class Palette {
  private static final List<String> REGIONS =
      List.of("#2563eb", "#7c3aed", "#0d9488", "#db2777", "#475569");

  /** Two regions active at once. */
  static final String DUAL_ACTIVE = "#dc2626";

  private Palette() {}

  static String health(String health) {
    return switch (health) {
      case "HEALTHY" -> "#22c55e";
      case "SUSPECT" -> "#facc15";
      case "UNHEALTHY" -> "#ef4444";
      case "RECOVERING" -> "#38bdf8";
      default -> "#e5e7eb";
    };
  }

  static String heartbeat(String status) {
    return switch (status) {
      case "HEALTHY" -> "#4ade80";
      case "DEGRADED" -> "#bef264";
      case "UNHEALTHY" -> "#f87171";
      case "DRAINING" -> "#a5b4fc";
      case "STALE" -> "#9ca3af";
      case "SILENT" -> "#d1d5db";
      default -> "#f3f4f6";
    };
  }

  static String region(int index) {
    return REGIONS.get(Math.floorMod(index, REGIONS.size()));
  }

  static String step(boolean failed, String status) {
    if (failed) {
      return "#ef4444";
    }
    return status.toUpperCase(java.util.Locale.ROOT).startsWith("SUCCE") ? "#22c55e" : "#9ca3af";
  }

  /** An outside perspective left out of the judgement as suspect (drawn hatched as well). */
  static final String SUSPECT_PERSPECTIVE = "#f97316";

  /** An outside perspective's verdict on a region: {@code up}, {@code down} or {@code unknown}. */
  static String outside(String verdict) {
    return switch (verdict) {
      case "up" -> "#22c55e";
      case "down" -> "#ef4444";
      default -> "#d1d5db";
    };
  }

  /** An agent's reported role. */
  static String role(String role) {
    return switch (role) {
      case "active" -> "#16a34a";
      case "standby" -> "#93c5fd";
      case "fenced" -> "#f59e0b";
      case "down" -> "#374151";
      default -> "#e5e7eb";
    };
  }

  /**
   * A router's target: the region's colour ({@code index} of the region, or -1 for a value that is
   * no region's, {@code ?} included).
   */
  static String target(int index, String target) {
    if (index >= 0) {
      return region(index);
    }
    return target.equals("?") ? "#d1d5db" : "#9ca3af";
  }
}
