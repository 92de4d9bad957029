package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.promotion.PromotionStatus;
import dev.baton.sim.store.ReplicaBatonStore;
import dev.baton.sim.store.TablePath;
import dev.baton.store.BatonItems;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A freeze racing an automatic failover (issue 13, finding 5), in the simulator: an operator's
 * freeze lands on the table between the promotion function's validation (it read the baton in AUTO)
 * and its claim. The claim's condition includes mode AUTO, so exactly one of them wins: the freeze.
 * The same race on moto: {@code DynamoBatonStoreIT}.
 */
class FreezeRaceTest {
  private static final long SEED = 20261205L;
  private final Set<String> everActive = new HashSet<>();

  private Simulation outage() {
    System.out.println("FreezeRaceTest seed " + SEED);
    Simulation sim = Topologies.twoRegionSimulation(SEED);
    sim.onStep(
        s -> {
          Set<String> active = s.activeRegions();
          assertThat(active).as("single-active at %s", s.elapsed()).hasSizeLessThanOrEqualTo(1);
          everActive.addAll(active);
        });
    return sim.at(Duration.ofSeconds(30), "stop every app of nyc1", s -> s.stopApps("nyc1"));
  }

  /** Freezes through the operator's own path to the home table, inside the claim's write. */
  private static void freezeInsideTheNextClaim(Simulation sim) {
    TablePath operator = new TablePath(sim.table(), "operator", sim.spec().home());
    ReplicaBatonStore batons = new ReplicaBatonStore(operator, Duration.ofHours(1));
    sim.table()
        .beforeNextWrite(
            ReplicaBatonStore.key(),
            // The claim: the write that would move the epoch.
            (before, after) ->
                after != null
                    && !before.isEmpty()
                    && !after.get(BatonItems.EPOCH).equals(before.get(BatonItems.EPOCH)),
            () -> {
              Baton now = batons.read().orElseThrow();
              batons.setMode(now.epoch(), BatonMode.FROZEN, "operator freeze", sim.now());
            });
  }

  @Test
  void aFreezeLandingBetweenTheValidationAndTheClaimWinsAndNothingMoves() {
    Simulation sim = outage();
    freezeInsideTheNextClaim(sim);

    sim.runUntil(Duration.ofSeconds(150));

    Baton baton = sim.baton().orElseThrow();
    assertThat(baton.mode()).isEqualTo(BatonMode.FROZEN);
    assertThat(baton.epoch()).as("the claim lost").isEqualTo(1);
    assertThat(baton.activeRegion()).isEqualTo("nyc1");
    assertThat(sim.promotions())
        .as("the failover was asked for, validated, then stopped at its claim")
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PromotionStatus.SUPERSEDED);
              assertThat(p.step("claim").orElseThrow().detail())
                  .contains("frozen after the decision", "operator freeze");
            });
    assertThat(sim.routerTargets()).containsValues("nyc1").doesNotContainValue("ams3");
    assertThat(everActive).doesNotContain("ams3");
    assertThat(sim.failures()).isEmpty();
  }

  @Test
  void withoutTheFreezeTheSameOutageFailsOver() {
    Simulation sim = outage();

    sim.runUntil(Duration.ofSeconds(150));

    assertThat(sim.baton().orElseThrow().activeRegion()).isEqualTo("ams3");
    assertThat(sim.promotions())
        .singleElement()
        .extracting(p -> p.status())
        .isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(sim.failures()).isEmpty();
  }
}
