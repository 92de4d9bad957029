package dev.baton.port;

import java.util.List;

/**
 * Checks, before it is needed, that the failover path works: provider credentials, every region's
 * load balancer and DNS record. Called by the sweeper every minute.
 */
public interface ReadinessCheck {

  /** Every problem found; empty when the failover path is ready. */
  List<Problem> check();

  /** One broken part of the failover path. */
  record Problem(String router, String region, String detail) {}
}
