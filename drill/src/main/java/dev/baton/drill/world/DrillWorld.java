package dev.baton.drill.world;

import dev.baton.config.DurationText;
import dev.baton.drill.scenario.AwsSide;
import dev.baton.drill.scenario.DrillAction;
import dev.baton.local.world.AwsGateway;
import dev.baton.local.world.Replicator;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Baton's own ground in a drill: the network paths from every DigitalOcean region (and from Baton's
 * functions) to every replica, replication between the replicas, and each region's public endpoint.
 * Applies the replicated world's faults ({@link DrillAction.WorldAction}) and knows whether the
 * monitors' AWS regions are still running their functions.
 */
public final class DrillWorld {
  private final AwsSide aws;
  private final AwsGateway gateway;
  private final Replicator replicator;
  private final PublicEndpoints endpoints;
  private final Set<String> isolated = ConcurrentHashMap.newKeySet();

  /**
   * @param replicator copies writes between the replicas, or null when there is one replica
   */
  public DrillWorld(
      AwsSide aws, AwsGateway gateway, Replicator replicator, PublicEndpoints endpoints) {
    this.aws = aws;
    this.gateway = gateway;
    this.replicator = replicator;
    this.endpoints = endpoints;
  }

  /** The endpoint through which {@code site} reaches the replica in {@code awsRegion}. */
  public URI path(String site, String awsRegion) {
    return gateway.endpoint(site, awsRegion);
  }

  /** What the path from {@code site} to {@code awsRegion} has done with its requests. */
  public AwsGateway.PathStats pathStats(String site, String awsRegion) {
    return gateway.stats(site, awsRegion);
  }

  /** The regions' public endpoints. */
  public PublicEndpoints endpoints() {
    return endpoints;
  }

  /** Whether Baton's functions in {@code awsRegion} are invoked (the region is not isolated). */
  public boolean functionsRunIn(String awsRegion) {
    return !isolated.contains(awsRegion);
  }

  /**
   * Applies a fault or repair of the replicated world.
   *
   * @return what was done, one sentence for the timeline
   */
  public String apply(DrillAction.WorldAction action) {
    if (action instanceof DrillAction.LagReplication a) {
      replication("lag-replication").lag(a.awsRegion(), a.delay());
      return a.delay().isZero()
          ? "replication into and out of " + a.awsRegion() + " is back to its usual delay"
          : "every write into or out of "
              + a.awsRegion()
              + " now takes "
              + DurationText.format(a.delay());
    } else if (action instanceof DrillAction.StallReplication a) {
      replication("stall-replication").stall(a.awsRegion());
      return "writes made in " + a.awsRegion() + " stay there; nothing arrives there";
    } else if (action instanceof DrillAction.HealReplication a) {
      replication("heal-replication").heal(a.awsRegion());
      return "replication into and out of " + a.awsRegion() + " resumes";
    } else if (action instanceof DrillAction.Partition a) {
      gateway.partition(a.doRegion(), a.awsRegion());
      return a.doRegion() + "'s droplets cannot reach " + a.awsRegion();
    } else if (action instanceof DrillAction.Heal a) {
      gateway.heal(a.doRegion(), a.awsRegion());
      return a.doRegion() + "'s droplets reach " + a.awsRegion() + " again";
    } else if (action instanceof DrillAction.IsolateAwsRegion a) {
      isolated.add(a.awsRegion());
      gateway.isolate(a.awsRegion());
      if (replicator != null) {
        replicator.isolate(a.awsRegion());
      }
      return a.awsRegion()
          + " is cut off: no agent or replication reaches it"
          + (aws.monitorRegions().contains(a.awsRegion())
              ? "; the monitor there is no longer invoked"
              : "");
    } else if (action instanceof DrillAction.RestoreAwsRegion a) {
      isolated.remove(a.awsRegion());
      gateway.restore(a.awsRegion());
      if (replicator != null) {
        replicator.restore(a.awsRegion());
      }
      return a.awsRegion() + " is reachable again";
    } else if (action instanceof DrillAction.ThrottleStore a) {
      gateway.throttle(a.awsRegion(), a.fraction(), a.readsOnly());
      return a.fraction() == 0
          ? a.awsRegion() + " no longer throttles"
          : Math.round(a.fraction() * 100)
              + "% of "
              + (a.readsOnly() ? "reads" : "calls")
              + " to "
              + a.awsRegion()
              + " are throttled";
    } else if (action instanceof DrillAction.CutIngress a) {
      endpoints.cutIngress(a.region(), true);
      return a.region() + "'s public endpoint refuses connections from outside";
    } else if (action instanceof DrillAction.RestoreIngress a) {
      endpoints.cutIngress(a.region(), false);
      return a.region() + "'s public endpoint answers from outside again";
    } else if (action instanceof DrillAction.CutEgress a) {
      endpoints.cutEgress(a.region(), true);
      return a.region() + "'s droplets cannot reach other regions' public endpoints";
    } else if (action instanceof DrillAction.RestoreEgress a) {
      endpoints.cutEgress(a.region(), false);
      return a.region() + "'s droplets reach other regions' public endpoints again";
    }
    throw new IllegalArgumentException("not a world action: " + action.text());
  }

  private Replicator replication(String action) {
    if (replicator == null) {
      throw new IllegalStateException(
          action + ": the table has one replica, so there is no replication to change");
    }
    return replicator;
  }
}
