package dev.baton.domain;

import java.util.function.Predicate;

/**
 * The conditions of the region health table, as pure predicates over a {@link RegionSample}. Each
 * has the label shown in the README's state diagram.
 */
public enum HealthGuard implements Predicate<RegionSample> {
  /** The sample is down: too few members up, or no member at all. */
  SAMPLE_DOWN("sample down") {
    @Override
    public boolean test(RegionSample s) {
      return !s.up();
    }
  },
  /** The sample is up: the quorum of members is up. */
  SAMPLE_UP("sample up") {
    @Override
    public boolean test(RegionSample s) {
      return s.up();
    }
  },
  /** The sample is down and the region has not been up for {@code failAfter}. */
  DOWN_FOR_FAIL_AFTER("still down, now - lastUpAt >= failAfter") {
    @Override
    public boolean test(RegionSample s) {
      return !s.up() && s.downFor().compareTo(s.timings().failAfter()) >= 0;
    }
  },
  /** The sample has been up without a break for {@code recoverAfter}. */
  UP_FOR_RECOVER_AFTER("up continuously for recoverAfter") {
    @Override
    public boolean test(RegionSample s) {
      return s.up() && s.upFor().compareTo(s.timings().recoverAfter()) >= 0;
    }
  };

  private final String label;

  HealthGuard(String label) {
    this.label = label;
  }

  /** The condition in the words of docs/architecture.md, for diagrams and reasons. */
  public String label() {
    return label;
  }
}
