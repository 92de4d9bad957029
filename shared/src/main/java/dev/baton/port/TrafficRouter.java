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
   * One request a router would send (dry run). {@code body} is the request body as JSON text, or
   * empty; it never contains a credential.
   */
  record PlannedRequest(String router, String method, String url, String body) {}
}
