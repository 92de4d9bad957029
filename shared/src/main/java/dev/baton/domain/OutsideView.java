package dev.baton.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outside view of one region at one evaluation (docs/decisions/0023): every perspective's
 * verdict and the judgement made from them. Stored with the region's state.
 *
 * @param region the DigitalOcean region judged
 * @param verdict DOWN when at least two of the perspectives counted, and a strict majority of them,
 *     see it down; UP when a strict majority sees it up; INSIDE_ONLY without a health URL; else
 *     UNKNOWN
 * @param perspectives every perspective with a fresh verdict on the region, suspects included
 * @param downSince when DOWN: when the deciding majority of perspectives had seen it down
 */
public record OutsideView(
    String region, OutsideVerdict verdict, List<PerspectiveView> perspectives, Instant downSince) {
  public OutsideView {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(verdict, "verdict");
    perspectives = List.copyOf(perspectives);
  }

  /** The view of a region without a public health URL. */
  public static OutsideView insideOnly(String region) {
    return new OutsideView(region, OutsideVerdict.INSIDE_ONLY, List.of(), null);
  }

  public boolean down() {
    return verdict == OutsideVerdict.DOWN;
  }

  /** The perspectives counted in the judgement (suspects and undecided ones left out). */
  public long counted() {
    return perspectives.stream()
        .filter(p -> !p.suspect() && p.verdict() != OutsideVerdict.UNKNOWN)
        .count();
  }

  /** The counted perspectives that see the region down. */
  public long countedDown() {
    return perspectives.stream()
        .filter(p -> !p.suspect() && p.verdict() == OutsideVerdict.DOWN)
        .count();
  }

  /**
   * One phrase for reasons, e.g. {@code outside down: 2 of 2 perspectives (ams3 down (2 of 2
   * probers fail: connection refused), aws:us-east-2 down (1 of 1 prober fails))}.
   */
  public String describe() {
    if (verdict == OutsideVerdict.INSIDE_ONLY) {
      return "judged from inside only (no healthUrl)";
    }
    if (perspectives.isEmpty()) {
      return "outside unknown: no perspective has probed it lately";
    }
    long counted = counted();
    // Perspectives that see it up go without saying when they are all there is to say.
    String list =
        perspectives.stream()
            .filter(p -> p.verdict() != OutsideVerdict.UP || p.suspect())
            .map(PerspectiveView::describe)
            .collect(Collectors.joining(", "));
    String count =
        switch (verdict) {
          case DOWN -> countedDown() + " of " + counted + " perspectives";
          case UP -> (counted - countedDown()) + " of " + counted + " perspectives";
          default ->
              counted < 2 && countedDown() == counted && counted > 0
                  ? "one perspective alone never decides"
                  : countedDown() + " of " + counted + " perspectives see it down";
        };
    return "outside " + verdict.word() + ": " + count + (list.isEmpty() ? "" : " (" + list + ")");
  }
}
