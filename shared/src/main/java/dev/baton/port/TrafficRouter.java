package dev.baton.port;

import dev.baton.domain.RegionConfig;
import java.util.List;

/**
 * Moves the application's traffic to a region through one provider: the DigitalOcean Global Load
 * Balancer, a DigitalOcean or Cloudflare DNS record, or a Route 53 record. Every method is
 * idempotent: calling {@link #shift} twice for the same target changes nothing the second time.
 * Failures are {@link ProviderException}s.
 */
public interface TrafficRouter {

  /**
   * The router's type and instance, e.g. {@code do-global-lb} or {@code route53:app.example.com}.
   */
  String name();

  /**
   * Every request {@link #shift} would send to make {@code to} active, without sending any change
   * (a router may read what it needs, e.g. GET the object whose update it plans).
   */
  List<PlannedRequest> plan(RegionConfig to);

  /** Makes {@code to} receive the traffic; returns one sentence saying what changed. */
  String shift(RegionConfig to);

  /**
   * Reads the change back; returns what was seen, or throws when traffic does not go to {@code to}.
   */
  String verify(RegionConfig to);

  /** Checks credentials and that this router's target exists for every region; empty when ready. */
  List<ReadinessCheck.Problem> readiness(List<RegionConfig> regions);

  /**
   * How long one {@link #shift} or {@link #verify} may take at most, every timeout of its requests
   * and waits included: the saga keeps at least this much of the function's time back before it
   * starts an attempt, so the function's timeout never cuts one off (a promotion left RUNNING).
   */
  default java.time.Duration longestAttempt() {
    return DEFAULT_LONGEST_ATTEMPT;
  }

  /**
   * Four provider requests of at most 2.5 s each (decision 0019): more than the HTTP routers send
   * in one attempt.
   */
  java.time.Duration DEFAULT_LONGEST_ATTEMPT = java.time.Duration.ofSeconds(10);

  /**
   * One request a router would send (dry run). {@code body} is the request body as JSON text, or
   * empty; it never contains a credential.
   */
  record PlannedRequest(String router, String method, String url, String body) {}
}
