package dev.baton.agent.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                      "no successful round trip to the authority for 10s (fenceAfter 10s); last"
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
                  .isEqualTo(
                      "authority reachable again and the baton names nyc1 active at epoch 4");
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

  private static long nanos(int seconds) {
    return seconds * 1_000_000_000L;
  }

  @Test
  void aClaimNamingThisRegionMakesItActiveOnlyOnceGranted() {
    RoleTracker t = new RoleTracker("ams3", FENCE_AFTER, T0, 0);
    Baton revoked = new Baton("ams3", 5, BatonMode.AUTO, T0, "failover", "p", List.of(), 1, false);

    assertThat(t.reached(Optional.of(revoked), at(1), nanos(1), nanos(1)))
        .map(RoleChange::to)
        .contains(Role.STANDBY);
    assertThat(t.snapshot().reason()).contains("awaiting the grant");
    assertThat(t.handoverPending()).as("beats come faster until the grant").isTrue();
    Baton granted = new Baton("ams3", 5, BatonMode.AUTO, T0, "failover", "p", List.of(), 2, true);
    assertThat(t.reached(Optional.of(granted), at(2), nanos(2), nanos(2)))
        .map(RoleChange::to)
        .contains(Role.ACTIVE);
    assertThat(t.handoverPending()).isFalse();
  }

  @Test
  void theLeaseRunsFromTheStartOfTheBeatNotFromTheAnswer() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0, 0);
    // The beat began at 1 s; the answer took 4 s to come back.
    t.reached(batonAt("nyc1", 4), at(5), nanos(1), nanos(5));

    assertThat(t.leaseLeft(nanos(5))).isEqualTo(nanos(6));
    assertThat(t.expire(at(10), nanos(10))).isEmpty();
    assertThat(t.expire(at(11), nanos(11)))
        .as("the fence timer fires at beat start + fenceAfter")
        .map(RoleChange::to)
        .contains(Role.FENCED);
  }

  @Test
  void anAnswerArrivingAfterTheLeaseRanOutRenewsNothing() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0, 0);
    t.reached(batonAt("nyc1", 4), at(1), nanos(1), nanos(1));

    // A beat that began at 2 s answered only at 13 s: its lease (to 12 s) is already over.
    assertThat(t.reached(batonAt("nyc1", 4), at(13), nanos(2), nanos(13)))
        .map(RoleChange::to)
        .contains(Role.FENCED);
    assertThat(t.snapshot().reason()).contains("after the fence deadline");
  }

  @Test
  void aBeatStampedBeforeTheClockWasAnchoredCannotMakeTheAgentActive() {
    RoleTracker t = new RoleTracker("nyc1", FENCE_AFTER, T0, 0);

    assertThat(t.reached(batonAt("nyc1", 4), at(1), nanos(1), nanos(1), false))
        .map(RoleChange::to)
        .contains(Role.STANDBY);
    assertThat(t.snapshot().reason()).contains("checking this agent's clock");
    assertThat(t.handoverPending()).as("beats fast until a trusted beat").isTrue();
    assertThat(t.reached(batonAt("nyc1", 4), at(2), nanos(2), nanos(2), true))
        .map(RoleChange::to)
        .contains(Role.ACTIVE);
  }
}
