package dev.baton.drill.scenario;

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
}
