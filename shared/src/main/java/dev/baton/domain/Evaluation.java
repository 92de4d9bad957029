package dev.baton.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of evaluating the fleet at one instant: every region's state after the evaluation
 * (changed or not; carry them into the next evaluation), the actions to take, in order, and one
 * line summing up the evaluation for the log.
 */
public record Evaluation(Map<String, RegionState> regions, List<Action> actions, String summary) {
  public Evaluation {
    regions = Map.copyOf(regions);
    actions = List.copyOf(actions);
    summary = Objects.requireNonNullElse(summary, "");
  }

  /** An evaluation without a summary. */
  public Evaluation(Map<String, RegionState> regions, List<Action> actions) {
    this(regions, actions, "");
  }

  /** The actions of one type. */
  public <A extends Action> List<A> actions(Class<A> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
