package dev.baton.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The result of evaluating the fleet at one instant: every region's state after the evaluation
 * (changed or not; carry them into the next evaluation), the actions to take, in order, and one
 * line summing up the evaluation for the log. The line is built when first asked for: most
 * evaluations log it at debug, which is off.
 */
public final class Evaluation {
  private final Map<String, RegionState> regions;
  private final List<Action> actions;
  private Supplier<String> summarySource;
  private String summary;

  public Evaluation(Map<String, RegionState> regions, List<Action> actions, String summary) {
    this(regions, actions, () -> summary);
  }

  /** An evaluation without a summary. */
  public Evaluation(Map<String, RegionState> regions, List<Action> actions) {
    this(regions, actions, "");
  }

  /** An evaluation whose summary is built from {@code summary} when first asked for. */
  public Evaluation(
      Map<String, RegionState> regions, List<Action> actions, Supplier<String> summary) {
    this.regions = Map.copyOf(regions);
    this.actions = List.copyOf(actions);
    this.summarySource = Objects.requireNonNull(summary, "summary");
  }

  public Map<String, RegionState> regions() {
    return regions;
  }

  public List<Action> actions() {
    return actions;
  }

  /** The line summing up the evaluation; empty when it has none. */
  public synchronized String summary() {
    if (summary == null) {
      summary = Objects.requireNonNullElse(summarySource.get(), "");
      summarySource = null;
    }
    return summary;
  }

  /** The actions of one type. */
  public <A extends Action> List<A> actions(Class<A> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public String toString() {
    return "Evaluation[regions="
        + regions
        + ", actions="
        + actions
        + ", summary="
        + summary()
        + "]";
  }
}
