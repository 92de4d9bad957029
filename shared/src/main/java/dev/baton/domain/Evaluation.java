package dev.baton.domain;

import java.util.List;
import java.util.Map;

/**
 * The result of evaluating the fleet at one instant: every region's state after the evaluation
 * (changed or not) and the actions to take, in order.
 */
public record Evaluation(Map<String, RegionState> regions, List<Action> actions) {
  public Evaluation {
    regions = Map.copyOf(regions);
    actions = List.copyOf(actions);
  }

  /** The actions of one type. */
  public <A extends Action> List<A> actions(Class<A> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
