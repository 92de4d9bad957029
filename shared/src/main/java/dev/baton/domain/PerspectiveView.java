package dev.baton.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What one perspective (the agents of one other DigitalOcean region, or the monitors of one AWS
 * region) says of one region: the majority of its probers' fresh probes.
 *
 * @param perspective a DigitalOcean region slug, or {@code aws:<awsRegion>}
 * @param verdict UP or DOWN by a strict majority of its probers, else UNKNOWN
 * @param failing probers whose latest fresh probe failed
 * @param probers probers with a fresh probe of the region
 * @param downSince when DOWN: when a majority of its probers had failed (from their own {@code
 *     downSince}); else null
 * @param suspect whether the perspective is left out: it sees every region it probes down while
 *     another perspective sees one of them up (its own egress, not the regions)
 * @param detail a failing probe's detail, e.g. {@code connection refused}, or empty
 */
public record PerspectiveView(
    String perspective,
    OutsideVerdict verdict,
    int failing,
    int probers,
    Instant downSince,
    boolean suspect,
    String detail) {
  public PerspectiveView {
    Objects.requireNonNull(perspective, "perspective");
    Objects.requireNonNull(verdict, "verdict");
    detail = Objects.requireNonNullElse(detail, "");
  }

  /** E.g. {@code ams3 down (2 of 2 probers fail: connection refused)}. */
  public String describe() {
    StringBuilder out = new StringBuilder(perspective).append(' ').append(verdict.word());
    out.append(" (").append(failing).append(" of ").append(probers);
    out.append(probers == 1 ? " prober fails" : " probers fail");
    if (failing > 0 && !detail.isEmpty()) {
      out.append(": ").append(detail);
    }
    out.append(')');
    if (suspect) {
      out.append(", left out as suspect");
    }
    return out.toString();
  }
}
