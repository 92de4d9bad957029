package dev.baton.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something humans must hear about, as one subject line, a readable text and the same facts as
 * key/value attributes.
 */
public sealed interface Notice {

  /** SNS accepts at most 10 message attributes per message. */
  int MAX_ATTRIBUTES = 10;

  /** A short subject line (SNS subjects: at most 100 characters). */
  String subject();

  /** The message a human reads. */
  String text();

  /**
   * The facts of the message as attributes (for subscription filter policies); at most {@link
   * #MAX_ATTRIBUTES}, SNS's limit. {@code kind} tells the notices apart.
   */
  Map<String, String> attributes();

  /**
   * A promotion finished: succeeded (traffic moved) or failed at a step.
   *
   * @param promotionId the promotion's id ({@code resume <id>})
   * @param kind AUTO_FAILOVER, FAILBACK or SWITCHOVER
   * @param status SUCCEEDED or FAILED
   * @param from the region that lost the baton
   * @param to the region that got it
   * @param epoch the epoch of the new baton (0 if never claimed)
   * @param reason why the promotion ran
   * @param requestedBy who asked
   * @param forced whether the operator forced it
   * @param steps each step with its outcome and duration, in order
   */
  record PromotionNotice(
      String promotionId,
      String kind,
      String status,
      String from,
      String to,
      long epoch,
      String reason,
      String requestedBy,
      boolean forced,
      List<StepTiming> steps)
      implements Notice {
    public PromotionNotice {
      Objects.requireNonNull(promotionId, "promotionId");
      steps = steps == null ? List.of() : List.copyOf(steps);
    }

    @Override
    public String subject() {
      String verb = "SUCCEEDED".equals(status) ? "moved" : "FAILED to move";
      return truncate(
          "Baton " + verb + " " + from + " -> " + to + " (" + kind + ", epoch " + epoch + ")");
    }

    @Override
    public String text() {
      StringBuilder text = new StringBuilder();
      text.append("SUCCEEDED".equals(status) ? "Traffic moved from " : "Promotion FAILED moving ")
          .append(from)
          .append(" to ")
          .append(to)
          .append(".\n\n");
      text.append("kind:        ").append(kind).append('\n');
      text.append("status:      ").append(status).append('\n');
      text.append("epoch:       ").append(epoch).append('\n');
      text.append("reason:      ").append(reason).append('\n');
      text.append("requestedBy: ")
          .append(requestedBy)
          .append(forced ? " (FORCED)" : "")
          .append('\n');
      text.append("promotion:   ").append(promotionId).append('\n');
      text.append("\nsteps:\n");
      for (StepTiming step : steps) {
        text.append("  ")
            .append(pad(step.name(), 28))
            .append(pad(step.status(), 10))
            .append(step.duration() == null ? "-" : step.duration().toMillis() + " ms");
        if (!step.detail().isBlank()) {
          text.append("  ").append(step.detail());
        }
        text.append('\n');
      }
      if (!"SUCCEEDED".equals(status)) {
        text.append("\nContinue it with {\"action\":\"resume\",\"promotionId\":\"")
            .append(promotionId)
            .append("\",...} once the cause is fixed.\n");
      }
      return text.toString();
    }

    /**
     * The same facts as {@link #text()}, within SNS's limit of 10 message attributes: the step
     * durations travel as one attribute, {@code "validate=0ms; claim=12ms; ..."}.
     */
    @Override
    public Map<String, String> attributes() {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("kind", kind);
      attributes.put("status", status);
      attributes.put("from", from);
      attributes.put("to", to);
      attributes.put("epoch", Long.toString(epoch));
      attributes.put("reason", reason);
      attributes.put("requestedBy", requestedBy);
      attributes.put("forced", Boolean.toString(forced));
      attributes.put("promotionId", promotionId);
      attributes.put(
          "steps",
          String.join(
              "; ",
              steps.stream()
                  .map(
                      s ->
                          s.name()
                              + "="
                              + (s.duration() == null
                                  ? s.status()
                                  : s.duration().toMillis() + "ms"))
                  .toList()));
      return attributes;
    }
  }

  /**
   * Automation was frozen or unfrozen.
   *
   * @param mode AUTO or FROZEN, as now stored
   * @param activeRegion the region holding the baton
   * @param epoch the baton's epoch
   * @param requestedBy who asked ({@code baton:flap-limit} when Baton froze itself)
   * @param reason why
   */
  record ModeNotice(String mode, String activeRegion, long epoch, String requestedBy, String reason)
      implements Notice {
    @Override
    public String subject() {
      return truncate(
          "Baton automation "
              + ("FROZEN".equals(mode) ? "FROZEN" : "resumed (AUTO)")
              + " ("
              + activeRegion
              + " active, epoch "
              + epoch
              + ")");
    }

    @Override
    public String text() {
      return ("FROZEN".equals(mode)
              ? "Automatic failover is FROZEN: Baton will not move traffic by itself until an"
                  + " operator sends {\"action\":\"unfreeze\",...}.\n\n"
              : "Automatic failover is back on (AUTO).\n\n")
          + "mode:        "
          + mode
          + "\nactive:      "
          + activeRegion
          + "\nepoch:       "
          + epoch
          + "\nrequestedBy: "
          + requestedBy
          + "\nreason:      "
          + reason
          + "\n";
    }

    @Override
    public Map<String, String> attributes() {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("kind", "MODE_CHANGE");
      attributes.put("mode", mode);
      attributes.put("activeRegion", activeRegion);
      attributes.put("epoch", Long.toString(epoch));
      attributes.put("requestedBy", requestedBy);
      attributes.put("reason", reason);
      return attributes;
    }
  }

  /** One step of a promotion in a notice; {@code duration} is null when it never finished. */
  record StepTiming(String name, String status, Duration duration, String detail) {
    public StepTiming {
      Objects.requireNonNull(name, "name");
      detail = detail == null ? "" : detail;
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }

  private static String truncate(String subject) {
    return subject.length() <= 100 ? subject : subject.substring(0, 99) + "…";
  }
}
