package dev.baton.port;

import java.net.URI;
import java.util.Map;

/**
 * Probes regions' public health URLs from where it runs (docs/decisions/0023): a DigitalOcean
 * droplet for an agent, an AWS region for a monitor.
 */
public interface OutsideProber {

  /** What one probe saw: a 2xx answer in time, or why not (never the URL's secrets). */
  record Outcome(boolean ok, String detail) {}

  /**
   * Probes every target once, in parallel, and returns an outcome for each (by the target's key).
   * Never throws for a target that fails: that is an outcome.
   */
  Map<String, Outcome> probe(Map<String, URI> targets);
}
