package dev.baton.agent.probe;

/** Probes the app once; never throws (a failure is an UNHEALTHY result with its reason). */
@FunctionalInterface
public interface HealthProbe {
  ProbeResult probe();
}
