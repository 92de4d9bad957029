package dev.baton.domain;

/** A region's health as the monitor judges it, with hysteresis (DESIGN.md section 3). */
public enum RegionHealth {
  HEALTHY,
  SUSPECT,
  UNHEALTHY,
  RECOVERING
}
