package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionPrioritiesTest {
  private static RegionPriorities of(Object... pairs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return new RegionPriorities(map);
  }

  @Test
  void theLowestPriorityWins() {
    assertThat(of("nyc1", 1, "ams3", 2).preferred()).contains("nyc1");
    assertThat(of("nyc1", 20, "ams3", 10).preferred()).contains("ams3");
  }

  @Test
  void aTieForFirstPrefersNobody() {
    assertThat(of("nyc1", 1, "ams3", 1, "sfo3", 2).preferred()).isEmpty();
  }

  @Test
  void preferringMovesTheTargetFirstAndKeepsTheOthersInOrderWithTheSameValues() {
    RegionPriorities moved = of("nyc1", 10, "sfo3", 30, "ams3", 20).preferring("sfo3");

    assertThat(moved.byRegion())
        .containsExactly(Map.entry("nyc1", 20), Map.entry("sfo3", 10), Map.entry("ams3", 30));
    assertThat(moved.preferred()).contains("sfo3");
  }

  @Test
  void tiesAreReplacedByAStrictOrder() {
    RegionPriorities moved = of("nyc1", 1, "ams3", 1, "sfo3", 1).preferring("ams3");

    assertThat(moved.byRegion())
        .containsExactly(Map.entry("nyc1", 2), Map.entry("ams3", 1), Map.entry("sfo3", 3));
  }

  @Test
  void preferringTheRegionAlreadyFirstChangesNothing() {
    RegionPriorities p = of("nyc1", 1, "ams3", 2);

    assertThat(p.preferring("nyc1")).isEqualTo(p);
  }

  @Test
  void printsBestFirst() {
    assertThat(of("nyc1", 2, "ams3", 1)).hasToString("{ams3=1, nyc1=2}");
  }
}
