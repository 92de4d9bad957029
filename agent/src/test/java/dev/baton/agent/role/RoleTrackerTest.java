package dev.baton.agent.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTrackerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration FENCE_AFTER = Duration.ofSeconds(10);

  private static Optional<Baton> batonAt(String region, long epoch) {
    return Optional.of(
        new Baton(region, epoch, dev.baton.domain.BatonMode.AUTO, T0, "", null, null, 0));
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void roleIsUnknownUntilTheFirstContact() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);

    assertThat(t.snapshot().known()).isEmpty();
    assertThat(t.unreachable(at(5), "refused")).isEmpty();
    assertThat(t.snapshot().known()).isEmpty();
  }

  @Test
  void theFirstKnownRoleIsAChangeFromNothing() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);

    Optional<RoleChange> c = t.reached(batonAt("nyc1", 3), at(1));

    assertThat(c)
        .hasValueSatisfying(
            change -> {
              assertThat(change.from()).isNull();
              assertThat(change.to()).isEqualTo(Role.ACTIVE);
              assertThat(change.epoch()).isEqualTo(3);
              assertThat(change.reason()).isEqualTo("the baton names nyc1 active at epoch 3");
            });
    assertThat(t.snapshot())
        .isEqualTo(
            new RoleSnapshot(
                "nyc1", Role.ACTIVE, 3, at(1), "the baton names nyc1 active at epoch 3"));
  }

  @Test
  void anotherRegionHoldingTheBatonMeansStandbyAndNoBatonToo() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);

    assertThat(t.reached(Optional.empty(), at(1))).map(RoleChange::to).contains(Role.STANDBY);
    assertThat(t.snapshot().epoch()).isZero();
    assertThat(t.reached(batonAt("ams3", 2), at(2))).as("still standby: no change").isEmpty();
    assertThat(t.snapshot().epoch()).isEqualTo(2);
    assertThat(t.snapshot().since()).as("since stays at the change").isEqualTo(at(1));
  }

  @Test
  void theBatonMovingHereAndAwayAreOneChangeEach() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);
    t.reached(batonAt("ams3", 1), at(1));

    assertThat(t.reached(batonAt("nyc1", 2), at(2))).map(RoleChange::to).contains(Role.ACTIVE);
    assertThat(t.reached(batonAt("nyc1", 2), at(3))).isEmpty();
    assertThat(t.reached(batonAt("ams3", 3), at(4)))
        .hasValueSatisfying(
            c -> {
              assertThat(c.from()).isEqualTo(Role.ACTIVE);
              assertThat(c.to()).isEqualTo(Role.STANDBY);
              assertThat(c.epoch()).isEqualTo(3);
            });
  }

  @Test
  void fencesOnceWhenTheStoreIsUnreachableForFenceAfter() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);
    t.reached(batonAt("nyc1", 4), at(0));

    assertThat(t.unreachable(at(5), "refused")).isEmpty();
    assertThat(t.unreachable(at(9), "refused")).as("9 s < fenceAfter").isEmpty();
    Optional<RoleChange> fenced = t.unreachable(at(10), "PutItem failed: connection refused");
    assertThat(fenced)
        .hasValueSatisfying(
            c -> {
              assertThat(c.from()).isEqualTo(Role.ACTIVE);
              assertThat(c.to()).isEqualTo(Role.FENCED);
              assertThat(c.epoch()).as("the last known epoch").isEqualTo(4);
              assertThat(c.reason())
                  .isEqualTo(
                      "no successful round trip to the store for 10s (fenceAfter 10s); last"
                          + " error: PutItem failed: connection refused");
            });
    assertThat(t.unreachable(at(15), "refused")).as("fenced once").isEmpty();
    assertThat(t.snapshot().role()).isEqualTo(Role.FENCED);
  }

  @Test
  void anAgentThatNeverReachesTheStoreFencesFenceAfterItsStart() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);

    assertThat(t.unreachable(at(10), "refused"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.from()).isNull();
              assertThat(c.to()).isEqualTo(Role.FENCED);
            });
  }

  @Test
  void aFencedAgentRecoversToActiveOnlyWhenTheBatonStillNamesItsRegion() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);
    t.reached(batonAt("nyc1", 4), at(0));
    t.unreachable(at(10), "refused");

    Optional<RoleChange> back = t.reached(batonAt("nyc1", 4), at(20));

    assertThat(back)
        .hasValueSatisfying(
            c -> {
              assertThat(c.from()).isEqualTo(Role.FENCED);
              assertThat(c.to()).isEqualTo(Role.ACTIVE);
              assertThat(c.reason())
                  .isEqualTo("store reachable again and the baton names nyc1 active at epoch 4");
            });
  }

  @Test
  void aFencedAgentWhoseRegionLostTheBatonBecomesStandby() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);
    t.reached(batonAt("nyc1", 4), at(0));
    t.unreachable(at(10), "refused");

    assertThat(t.reached(batonAt("ams3", 5), at(30)))
        .hasValueSatisfying(
            c -> {
              assertThat(c.to()).isEqualTo(Role.STANDBY);
              assertThat(c.epoch()).isEqualTo(5);
            });
  }

  @Test
  void oneSuccessfulBeatRestartsTheFenceTimer() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0);
    t.reached(batonAt("nyc1", 1), at(0));
    t.unreachable(at(8), "refused");
    t.reached(batonAt("nyc1", 1), at(9));

    assertThat(t.unreachable(at(18), "refused")).isEmpty();
    assertThat(t.unreachable(at(19), "refused")).map(RoleChange::to).contains(Role.FENCED);
  }
}
