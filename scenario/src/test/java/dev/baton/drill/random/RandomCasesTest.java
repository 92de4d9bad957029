package dev.baton.drill.random;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.scenario.Scenario;
import dev.baton.drill.scenario.ScenarioParser;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomCasesTest {
  private static final long FIRST = Long.getLong("baton.test.seed", System.nanoTime() % 1_000_000);

  @Test
  void theSameSeedGivesTheSameCase() {
    assertThat(RandomCases.generate(42).yaml()).isEqualTo(RandomCases.generate(42).yaml());
    assertThat(RandomCases.generate(42).yaml()).isNotEqualTo(RandomCases.generate(43).yaml());
  }

  @Test
  void everyGeneratedCaseIsAValidScenarioAndTogetherTheyUseEveryAction() {
    System.out.println("RandomCasesTest seeds " + FIRST + ".." + (FIRST + 999));
    ScenarioParser parser = new ScenarioParser();
    Set<String> verbs = new HashSet<>();
    Set<Integer> regionCounts = new HashSet<>();
    Set<Integer> replicaCounts = new HashSet<>();
    Set<Integer> instanceCounts = new HashSet<>();
    for (long seed = FIRST; seed < FIRST + 1000; seed++) {
      RandomCase c = RandomCases.generate(seed);
      Scenario s = parser.parse(c.yaml(), "seed-" + seed + ".yaml", null);
      assertThat(s.duration().toSeconds()).isEqualTo(RandomCases.DURATION_SECONDS);
      regionCounts.add(s.regions().size());
      replicaCounts.add(s.aws().replicas().size());
      s.regions().forEach(r -> instanceCounts.add(r.instances()));
      c.steps().forEach(step -> verbs.add(step.action().split(" ")[0]));
    }
    assertThat(regionCounts).containsExactlyInAnyOrder(2, 3, 4, 5);
    assertThat(replicaCounts).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(instanceCounts).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(verbs).containsAll(ScenarioParser.actionWords());
  }
}
