package dev.baton.domain;

/** A region's health as the monitor judges it, with hysteresis (docs/architecture.md). */
public enum RegionHealth {
  HEALTHY,
  SUSPECT,
  UNHEALTHY,
  RECOVERING
}
