package dev.baton.drill.timeline;

import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionHealth;
import java.time.Duration;
import java.util.Objects;

/**
 * Something that happened during a drill, at an elapsed time from the drill's start. One line of
 * the live timeline and one mark of the report's chart each.
 */
public sealed interface DrillEvent {

  /** Elapsed time from the drill's start. */
  Duration at();

  /** The event's kind in one word, the second column of the live timeline. */
  String category();

  /** One line a human reads. */
  String summary();

  /**
   * The scenario did something: a fault, a repair or an operator's command.
   *
   * @param fault whether it breaks something (the start of a detection measurement)
   * @param detail what came of it, e.g. the promotion function's answer to a manual command
   */
  record ActionTaken(Duration at, String action, boolean fault, String detail)
      implements DrillEvent {
    @Override
    public String category() {
      return "action";
    }

    @Override
    public String summary() {
      return detail.isEmpty() ? action : action + " -> " + detail;
    }
  }

  /** The promotion function answered an operator's command. */
  record CommandAnswered(Duration at, String action, String outcome, String reason)
      implements DrillEvent {
    @Override
    public String category() {
      return "answer";
    }

    @Override
    public String summary() {
      return action + ": " + outcome + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
  }

  /**
   * An instance's heartbeat status changed as stored in the table; {@code SILENT} when its beats
   * stopped arriving (older than staleAfter), {@code NONE} before its first beat.
   */
  record HeartbeatChanged(
      Duration at, String region, String instanceId, String from, String to, String detail)
      implements DrillEvent {
    public static final String SILENT = "SILENT";
    public static final String NONE = "NONE";

    @Override
    public String category() {
      return "heartbeat";
    }

    @Override
    public String summary() {
      return instanceId + " " + from + " -> " + to + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** The monitor stored a new health for a region; {@code from} is null for the first one seen. */
  record RegionHealthChanged(
      Duration at, String region, RegionHealth from, RegionHealth to, String reason)
      implements DrillEvent {
    @Override
    public String category() {
      return "region";
    }

    @Override
    public String summary() {
      return region
          + " "
          + (from == null ? "" : from + " -> ")
          + to
          + (reason.isEmpty() ? "" : ": " + reason);
    }
  }

  /**
   * One outside perspective's verdict on a region changed, as the monitor stored it with the
   * region's state (the {@code outside} view of {@code REGION#<region>/STATE}).
   *
   * @param perspective who probes: a DigitalOcean region slug, or {@code aws:<awsRegion>}
   * @param from the previous verdict ({@code up}, {@code down}, {@code unknown}), or null for the
   *     first one seen
   * @param to {@code up}, {@code down} or {@code unknown} ({@link #GONE} when the stored view no
   *     longer holds the perspective: none of its probes is fresh)
   * @param suspect whether the judgement leaves it out as suspect (it sees every region down while
   *     another perspective sees one up)
   * @param detail e.g. {@code 2 of 2 probers fail: connection refused}
   */
  record PerspectiveChanged(
      Duration at,
      String region,
      String perspective,
      String from,
      String to,
      boolean suspect,
      String detail)
      implements DrillEvent {
    /** The verdict of a perspective the stored view no longer holds (no fresh probe). */
    public static final String GONE = "unknown";

    public PerspectiveChanged {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(perspective, "perspective");
      Objects.requireNonNull(to, "to");
      detail = Objects.requireNonNullElse(detail, "");
    }

    @Override
    public String category() {
      return "outside";
    }

    @Override
    public String summary() {
      return perspective
          + " sees "
          + region
          + " "
          + (from == null ? "" : from + " -> ")
          + to
          + (suspect ? " (suspect: left out)" : "")
          + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** A detector (or the drill, for an operator) asked the promotion function to act. */
  record PromotionRequested(
      Duration at, String action, String from, String to, String requestedBy, String reason)
      implements DrillEvent {
    /** Whether a detector asked (an automatic failover), not an operator. */
    public boolean automatic() {
      return requestedBy.startsWith("baton:");
    }

    @Override
    public String category() {
      return "decision";
    }

    @Override
    public String summary() {
      String route =
          (from == null ? "" : from + " -> ") + (to == null ? "" : to) + (to == null ? "" : " ");
      return action + " " + route + "requested by " + requestedBy + ": " + reason;
    }
  }

  /**
   * One step of a promotion ended.
   *
   * @param at when it ended
   * @param startedAt when it started
   * @param status e.g. SUCCEEDED or FAILED, as the saga recorded it
   */
  record PromotionStep(
      Duration at,
      String promotionId,
      String step,
      Duration startedAt,
      String status,
      int attempts,
      String detail)
      implements DrillEvent {
    public PromotionStep {
      Objects.requireNonNull(startedAt, "startedAt");
    }

    /** How long the step took. */
    public Duration took() {
      return at.minus(startedAt);
    }

    /** Whether the step failed. */
    public boolean failed() {
      return status.toUpperCase(java.util.Locale.ROOT).startsWith("FAIL");
    }

    @Override
    public String category() {
      return "step";
    }

    @Override
    public String summary() {
      return promotionId
          + " "
          + step
          + " "
          + status
          + " in "
          + took().toMillis()
          + " ms"
          + (attempts > 1 ? " (" + attempts + " attempts)" : "")
          + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** A promotion reached its end (succeeded, failed, or not acting). */
  record PromotionEnded(
      Duration at,
      String promotionId,
      String kind,
      String from,
      String to,
      long epoch,
      String status,
      String reason)
      implements DrillEvent {
    @Override
    public String category() {
      return "promotion";
    }

    @Override
    public String summary() {
      return promotionId
          + " "
          + kind
          + " "
          + from
          + " -> "
          + to
          + " epoch "
          + epoch
          + " "
          + status
          + (reason.isEmpty() ? "" : ": " + reason);
    }
  }

  /** The baton item changed: a hand-over (new region and epoch) or a mode change. */
  record BatonChanged(Duration at, String activeRegion, long epoch, BatonMode mode, String reason)
      implements DrillEvent {
    @Override
    public String category() {
      return "baton";
    }

    @Override
    public String summary() {
      return activeRegion
          + " holds the baton, epoch "
          + epoch
          + ", "
          + mode
          + (reason.isEmpty() ? "" : ": " + reason);
    }
  }

  /** Baton raised an alarm (the metric of the same name fired). */
  record AlarmRaised(Duration at, String alarm, String reason) implements DrillEvent {
    @Override
    public String category() {
      return "alarm";
    }

    @Override
    public String summary() {
      return alarm + (reason.isEmpty() ? "" : ": " + reason);
    }
  }

  /** An agent fenced itself (could not write for fenceAfter) or lifted its fence. */
  record AgentFence(Duration at, String region, String instanceId, boolean fenced, String detail)
      implements DrillEvent {
    @Override
    public String category() {
      return "agent";
    }

    @Override
    public String summary() {
      return instanceId
          + (fenced ? " fenced itself" : " lifted its fence")
          + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /**
   * An agent's reported role changed, as the drill sampled it ({@code from} is null for the first
   * sample): {@code active}, {@code standby}, {@code fenced}, {@code unknown} or {@code down} (no
   * agent runs).
   */
  record AgentRoleChanged(Duration at, String region, String instanceId, String from, String to)
      implements DrillEvent {
    @Override
    public String category() {
      return "role";
    }

    @Override
    public String summary() {
      return instanceId + " " + (from == null ? "" : from + " -> ") + to;
    }
  }

  /**
   * A router's target changed, as the drill sampled it ({@code from} is null for the first sample):
   * a region, {@code ?} when the router could not be read, or a raw value that is no region's.
   */
  record RouterTargetChanged(Duration at, String router, String from, String to)
      implements DrillEvent {
    /** The target of a router that could not be read. */
    public static final String UNREADABLE = "?";

    @Override
    public String category() {
      return "traffic";
    }

    @Override
    public String summary() {
      return router + " " + (from == null ? "" : text(from) + " -> ") + text(to);
    }

    private static String text(String target) {
      return target.equals(UNREADABLE) ? "? (unreadable)" : target;
    }
  }
}
