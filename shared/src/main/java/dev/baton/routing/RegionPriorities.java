package dev.baton.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Global load balancer's {@code glb_settings.region_priorities}: region slug to priority, lower
 * wins. Pure value logic; the router reads and writes it.
 */
record RegionPriorities(Map<String, Integer> byRegion) {

  RegionPriorities {
    byRegion = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byRegion));
  }

  /** The region that strictly wins (lowest priority, no tie), if any. */
  Optional<String> preferred() {
    List<Map.Entry<String, Integer>> sorted = sorted();
    if (sorted.isEmpty()) {
      return Optional.empty();
    }
    if (sorted.size() > 1 && sorted.get(0).getValue().equals(sorted.get(1).getValue())) {
      return Optional.empty();
    }
    return Optional.of(sorted.get(0).getKey());
  }

  boolean prefers(String region) {
    return preferred().filter(region::equals).isPresent();
  }

  /**
   * The priorities with {@code target} first and the other regions in their current order behind
   * it. The existing priority values are reused (so {1, 2, 3} stay {1, 2, 3}); when they contain
   * ties, 1..n is used instead so the order is strict. Keys keep their original order, so a PUT
   * body differs from what was read only in these numbers.
   */
  RegionPriorities preferring(String target) {
    if (!byRegion.containsKey(target)) {
      throw new IllegalArgumentException("no priority for region " + target);
    }
    List<String> order = new ArrayList<>();
    order.add(target);
    sorted().stream().map(Map.Entry::getKey).filter(r -> !r.equals(target)).forEach(order::add);
    List<Integer> values = byRegion.values().stream().sorted().toList();
    boolean distinct = values.stream().distinct().count() == values.size();
    Map<String, Integer> assigned = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      assigned.put(order.get(i), distinct ? values.get(i) : i + 1);
    }
    Map<String, Integer> inOriginalKeyOrder = new LinkedHashMap<>();
    byRegion.keySet().forEach(r -> inOriginalKeyOrder.put(r, assigned.get(r)));
    return new RegionPriorities(inOriginalKeyOrder);
  }

  private List<Map.Entry<String, Integer>> sorted() {
    return byRegion.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  /** Sorted best first, e.g. {@code {ams3=1, nyc1=2}}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    byRegion.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue())
                .thenComparing(Map.Entry::getKey))
        .forEach(
            e ->
                text.append(text.length() > 1 ? ", " : "")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue()));
    return text.append('}').toString();
  }
}
