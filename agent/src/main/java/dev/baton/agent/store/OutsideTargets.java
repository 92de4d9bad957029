package dev.baton.agent.store;

import dev.baton.store.BatonItems;
import dev.baton.store.MalformedItemException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The public health URLs the monitor publishes on the baton item ({@link
 * BatonItems#OUTSIDE_TARGETS}), region to URL, which every agent probes from outside
 * (docs/decisions/0023). A malformed attribute is not a failed read: it is carried as {@code
 * problem} (naming the attribute and its rule) with no targets, so the agent says so and probes
 * nothing while its baton, lease and role go on as before.
 *
 * @param targets by region; empty when none are published or the attribute is malformed
 * @param problem why the attribute could not be read, or null when it could (or is absent)
 */
public record OutsideTargets(Map<String, URI> targets, String problem) {
  /** No targets published. */
  public static final OutsideTargets NONE = new OutsideTargets(Map.of(), null);

  public OutsideTargets {
    targets = problem != null || targets == null ? Map.of() : Map.copyOf(targets);
  }

  /** Targets read without trouble. */
  public static OutsideTargets of(Map<String, URI> targets) {
    return new OutsideTargets(targets, null);
  }

  /** The targets published on the baton {@code item}, or the problem with them. */
  public static OutsideTargets read(Map<String, AttributeValue> item) {
    try {
      return of(BatonItems.outsideTargets(item));
    } catch (MalformedItemException e) {
      return new OutsideTargets(Map.of(), e.getMessage());
    }
  }
}
