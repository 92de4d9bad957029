package dev.baton.drill.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShrinkerTest {
  @Test
  void keepsOnlyWhatTheFailureNeeds() {
    RandomCase big = RandomCases.generate(7);
    RandomCase.Step culprit = big.steps().get(big.steps().size() / 2);
    // "Fails" while the culprit step is in the schedule and the first region has 1+ instances.
    Shrinker shrinker = new Shrinker(c -> c.steps().contains(culprit));
    RandomCase small = shrinker.shrink(big);
    assertThat(small.steps()).containsExactly(culprit);
    assertThat(small.regions().size()).isLessThanOrEqualTo(Math.max(2, big.regions().size()));
    assertThat(small.regions())
        .allSatisfy(r -> assertThat(r.instances()).isGreaterThanOrEqualTo(1));
    assertThat(shrinker.attempts()).isPositive();
    // Regions no step names are dropped down to two, instances lowered to what steps name.
    String named = culprit.action();
    assertThat(small.regions())
        .allSatisfy(
            r ->
                assertThat(r.instances() == 1 || named.contains(r.name() + "/" + r.instances()))
                    .isTrue());
  }

  @Test
  void aCaseThatNoLongerFailsWhenSmallerIsKept() {
    RandomCase c = RandomCases.generate(11);
    Shrinker shrinker = new Shrinker(x -> x.equals(c));
    assertThat(shrinker.shrink(c)).isEqualTo(c);
  }

  @Test
  void theShrunkCaseIsStillAValidScenario() {
    RandomCase big = RandomCases.generate(99);
    RandomCase small = new Shrinker(c -> c.steps().size() >= 1).shrink(big);
    assertThat(small.steps()).hasSize(1);
    new dev.baton.drill.scenario.ScenarioParser().parse(small.yaml(), "small.yaml", null);
  }
}
