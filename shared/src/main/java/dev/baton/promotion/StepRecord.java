package dev.baton.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a promotion as journaled: {@code validate}, {@code claim}, {@code shift:<router>},
 * {@code verify:<router>}, {@code probe}, {@code notify}.
 *
 * @param name the step's name, unique within the promotion
 * @param status where it stands
 * @param attempts how many times it was started (retries included)
 * @param detail what happened, one sentence (never a secret)
 * @param startedAt when its first attempt started, or null
 * @param finishedAt when it succeeded or failed, or null
 */
public record StepRecord(
    String name,
    StepStatus status,
    int attempts,
    String detail,
    Instant startedAt,
    Instant finishedAt) {

  public StepRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    detail = Objects.requireNonNullElse(detail, "");
  }

  /** A step not started yet. */
  public static StepRecord pending(String name) {
    return new StepRecord(name, StepStatus.PENDING, 0, "", null, null);
  }

  /**
   * This step as a new run finds it: a step an earlier run left RUNNING or FAILED starts its clock
   * again, so its duration is this run's; its attempts keep counting.
   */
  public StepRecord reopened() {
    return status == StepStatus.PENDING
        ? this
        : new StepRecord(name, StepStatus.PENDING, attempts, detail, null, null);
  }

  /** This step, started once more at {@code now}. */
  public StepRecord attempt(Instant now) {
    return new StepRecord(
        name, StepStatus.RUNNING, attempts + 1, detail, startedAt == null ? now : startedAt, null);
  }

  /** This step, retrying after {@code detail}. */
  public StepRecord retrying(String why) {
    return new StepRecord(name, StepStatus.RUNNING, attempts, why, startedAt, null);
  }

  public StepRecord succeeded(String what, Instant now) {
    return new StepRecord(
        name, StepStatus.SUCCEEDED, attempts, what, startedAt == null ? now : startedAt, now);
  }

  public StepRecord failed(String why, Instant now) {
    return new StepRecord(
        name, StepStatus.FAILED, attempts, why, startedAt == null ? now : startedAt, now);
  }

  /** How long the step took, once finished. */
  public Optional<Duration> duration() {
    return startedAt == null || finishedAt == null
        ? Optional.empty()
        : Optional.of(Duration.between(startedAt, finishedAt));
  }
}
