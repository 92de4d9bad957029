package dev.baton.drill.scenario;

import dev.baton.config.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * One thing a scenario does at a point of its timeline: a fault, a repair, or an operator's
 * command. The text form each prints is the form a scenario file uses.
 */
public sealed interface DrillAction {

  /** The action as written in a scenario file, e.g. {@code stop-app nyc1}. */
  String text();

  /** Whether this action breaks something (the start of a detection measurement). */
  default boolean isFault() {
    return false;
  }

  /** The app's health endpoint stops listening (connection refused). */
  record StopApp(Target target) implements DrillAction {
    @Override
    public String text() {
      return "stop-app " + target;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The app listens again and answers healthy at once. */
  record StartApp(Target target) implements DrillAction {
    @Override
    public String text() {
      return "start-app " + target;
    }
  }

  /** The app answers, but only after {@code delay} (longer than the probe timeout: a failure). */
  record SlowApp(Target target, Duration delay) implements DrillAction {
    @Override
    public String text() {
      return "slow-app " + target + " " + DurationText.format(delay);
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The agent stops without a word (no DRAINING beat): its region goes silent. */
  record KillAgent(Target target) implements DrillAction {
    @Override
    public String text() {
      return "kill-agent " + target;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The agent starts again. */
  record StartAgent(Target target) implements DrillAction {
    @Override
    public String text() {
      return "start-agent " + target;
    }
  }

  /** The agent's connection to DynamoDB breaks (its writes fail); the app stays fine. */
  record CutAgentFromStore(Target target) implements DrillAction {
    @Override
    public String text() {
      return "cut-agent-from-store " + target;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The agent's connection to DynamoDB works again. */
  record RestoreAgentStore(Target target) implements DrillAction {
    @Override
    public String text() {
      return "restore-agent-store " + target;
    }
  }

  /** The agent's clock runs {@code offset} ahead (positive) or behind (negative). */
  record SkewClock(Target target, Duration offset) implements DrillAction {
    @Override
    public String text() {
      return "skew-clock " + target + " " + (offset.isNegative() ? "" : "+") + format(offset);
    }

    private static String format(Duration d) {
      return DurationText.format(d);
    }
  }

  /** The faked provider fails its next {@code times} calls with {@code failure}. */
  record ProviderFail(String provider, int times, ProviderFailure failure) implements DrillAction {
    public ProviderFail {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public String text() {
      return "provider-fail " + provider + " " + times + " " + failure.word();
    }
  }

  /** The faked provider stops failing (forgets the failures still armed). */
  record ProviderRestore(String provider) implements DrillAction {
    @Override
    public String text() {
      return "provider-restore " + provider;
    }
  }

  /** An operator's request to the promotion function, as the CLI sends it. */
  sealed interface Manual extends DrillAction {
    /** Why, in the operator's words. */
    String reason();
  }

  /** {@code baton failback --to REGION}. */
  record Failback(String to, boolean force, String reason) implements Manual {
    @Override
    public String text() {
      return "failback " + to + (force ? " --force" : "");
    }
  }

  /** {@code baton switchover --to REGION}. */
  record Switchover(String to, boolean force, String reason) implements Manual {
    @Override
    public String text() {
      return "switchover " + to + (force ? " --force" : "");
    }
  }

  /** {@code baton freeze}. */
  record Freeze(String reason) implements Manual {
    @Override
    public String text() {
      return "freeze";
    }
  }

  /** {@code baton unfreeze}. */
  record Unfreeze(String reason) implements Manual {
    @Override
    public String text() {
      return "unfreeze";
    }
  }

  /**
   * {@code baton resume ID}; without an id, the drill resumes the latest failed promotion.
   *
   * @param promotionId the promotion to continue, or null for the latest failed one
   */
  record Resume(String promotionId, String reason) implements Manual {
    @Override
    public String text() {
      return promotionId == null ? "resume" : "resume " + promotionId;
    }
  }

  /** {@code baton reconcile}: every router's traffic to the baton's region. */
  record Reconcile(String reason) implements Manual {
    @Override
    public String text() {
      return "reconcile";
    }
  }

  /**
   * A fault or repair of Baton's own ground: replication between the table's replicas, the network
   * paths from DigitalOcean regions to AWS regions, DynamoDB throttling, and the public path into
   * and out of a region.
   */
  sealed interface WorldAction extends DrillAction {}

  /**
   * Every write into or out of the replica in {@code awsRegion} takes {@code delay} to arrive;
   * {@code 0s} restores the default delay.
   */
  record LagReplication(String awsRegion, Duration delay) implements WorldAction {
    @Override
    public String text() {
      return "lag-replication " + awsRegion + " " + DurationText.format(delay);
    }

    @Override
    public boolean isFault() {
      return !delay.isZero();
    }
  }

  /** Writes made in {@code awsRegion} stay there and nothing arrives there. */
  record StallReplication(String awsRegion) implements WorldAction {
    @Override
    public String text() {
      return "stall-replication " + awsRegion;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** Replication into and out of {@code awsRegion} resumes; the backlog is delivered. */
  record HealReplication(String awsRegion) implements WorldAction {
    @Override
    public String text() {
      return "heal-replication " + awsRegion;
    }
  }

  /** The droplets of {@code doRegion} cannot reach {@code awsRegion} at all. */
  record Partition(String doRegion, String awsRegion) implements WorldAction {
    @Override
    public String text() {
      return "partition " + doRegion + " " + awsRegion;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The droplets of {@code doRegion} reach {@code awsRegion} again. */
  record Heal(String doRegion, String awsRegion) implements WorldAction {
    @Override
    public String text() {
      return "heal " + doRegion + " " + awsRegion;
    }
  }

  /**
   * Nothing reaches {@code awsRegion}: no agent, no replication, and Baton's functions running
   * there are no longer invoked.
   */
  record IsolateAwsRegion(String awsRegion) implements WorldAction {
    @Override
    public String text() {
      return "isolate-aws-region " + awsRegion;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** {@code awsRegion} is reachable again. */
  record RestoreAwsRegion(String awsRegion) implements WorldAction {
    @Override
    public String text() {
      return "restore-aws-region " + awsRegion;
    }
  }

  /** That fraction of calls to the replica in {@code awsRegion} are throttled; 0 ends it. */
  record ThrottleStore(String awsRegion, double fraction, boolean readsOnly)
      implements WorldAction {
    /** Every call (reads and writes) is subject to the throttle. */
    public ThrottleStore(String awsRegion, double fraction) {
      this(awsRegion, fraction, false);
    }

    @Override
    public String text() {
      return "throttle-store "
          + awsRegion
          + " "
          + ActionText.fraction(fraction)
          + (readsOnly ? " reads" : "");
    }

    @Override
    public boolean isFault() {
      return fraction > 0;
    }
  }

  /** The region's public endpoint refuses connections from outside; droplets and agents go on. */
  record CutIngress(String region) implements WorldAction {
    @Override
    public String text() {
      return "cut-ingress " + region;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The region's public endpoint answers from outside again. */
  record RestoreIngress(String region) implements WorldAction {
    @Override
    public String text() {
      return "restore-ingress " + region;
    }
  }

  /** The region's droplets cannot reach other regions' public endpoints; AWS stays reachable. */
  record CutEgress(String region) implements WorldAction {
    @Override
    public String text() {
      return "cut-egress " + region;
    }

    @Override
    public boolean isFault() {
      return true;
    }
  }

  /** The region's droplets reach other regions' public endpoints again. */
  record RestoreEgress(String region) implements WorldAction {
    @Override
    public String text() {
      return "restore-egress " + region;
    }
  }
}
