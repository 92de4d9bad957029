package dev.baton.promotion;

import static dev.baton.promotion.SagaFixture.failover;
import static dev.baton.promotion.SagaFixture.manual;
import static dev.baton.promotion.SagaFixture.resume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.PromotionKind;
import dev.baton.domain.RegionHealth;
import dev.baton.notify.Notice;
import dev.baton.port.ProviderException;
import dev.baton.testing.InMemoryBatonStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionSagaTest {
  private final SagaFixture f = new SagaFixture();

  /** A crash the saga cannot catch, like the Lambda runtime killing the invocation. */
  static final class InvocationKilled extends Error {
    InvocationKilled() {
      super("the function was killed mid-step");
    }
  }

  @Test
  void automaticFailoverClaimsShiftsAndVerifiesEveryRouterProbesAndNotifies() {
    f.globalLb.afterShift = () -> f.clock.advance(Duration.ofMillis(250));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    // One branch per router (SagaTime's default runs them in topology order, one after the other).
    assertThat(f.callOrder)
        .containsExactly(
            "do-global-lb shift ams3",
            "do-global-lb verify ams3",
            "cloudflare-dns:app.shop.test shift ams3",
            "cloudflare-dns:app.shop.test verify ams3");
    assertThat(f.probe.probed).containsExactly("https://ams3.shop.test/health");
    Baton baton = f.batons.peek().orElseThrow();
    PromotionRecord promotion = f.onlyPromotion();
    assertThat(baton.activeRegion()).isEqualTo("ams3");
    assertThat(baton.epoch()).isEqualTo(4);
    assertThat(baton.promotionId()).isEqualTo(promotion.id());
    assertThat(promotion.id()).matches(PromotionService.PROMOTION_ID);
    assertThat(baton.autoPromotions()).containsExactly(SagaFixture.T0);
    assertThat(promotion.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(promotion.kind()).isEqualTo(PromotionKind.AUTO_FAILOVER);
    assertThat(promotion.epoch()).isEqualTo(4);
    assertThat(promotion.evidence()).containsExactly("nyc1: 0/3 instances up");
    assertThat(promotion.steps())
        .extracting(StepRecord::name)
        .containsExactly(
            "validate",
            "claim",
            "grant",
            "shift:do-global-lb",
            "shift:cloudflare-dns:app.shop.test",
            "verify:do-global-lb",
            "verify:cloudflare-dns:app.shop.test",
            "probe",
            "notify");
    assertThat(promotion.steps())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED));
    assertThat(f.metrics.get("PromotionSucceeded")).isEqualTo(1);
    assertThat(f.notices.sent).hasSize(1);
    Notice.PromotionNotice notice = (Notice.PromotionNotice) f.notices.sent.get(0);
    assertThat(notice.attributes())
        .containsEntry("kind", "AUTO_FAILOVER")
        .containsEntry("from", "nyc1")
        .containsEntry("to", "ams3")
        .containsEntry("epoch", "4")
        .hasEntrySatisfying(
            "steps",
            s ->
                assertThat(s)
                    .contains("claim=0ms; grant=0ms; shift:do-global-lb=250ms")
                    .doesNotContain("notify"))
        .hasSizeLessThanOrEqualTo(Notice.MAX_ATTRIBUTES);
    assertThat(f.audit.kinds()).containsExactly("promotion-started", "promotion-succeeded");
  }

  @Test
  void everyStepIsJournaledRunningBeforeItRunsAndFinishedAfter() {
    f.globalLb.beforeShift =
        () -> assertThat(latest("shift:do-global-lb").status()).isEqualTo(StepStatus.RUNNING);
    f.dns.beforeVerify =
        () -> {
          assertThat(latest("shift:cloudflare-dns:app.shop.test").status())
              .isEqualTo(StepStatus.SUCCEEDED);
          assertThat(latest("verify:cloudflare-dns:app.shop.test").status())
              .isEqualTo(StepStatus.RUNNING);
        };

    f.handle(failover(3, "ams3"));

    for (String step : List.of("claim", "shift:do-global-lb", "probe", "notify")) {
      List<StepStatus> history =
          f.journal.writes.stream()
              .map(p -> p.step(step).orElseThrow().status())
              .distinct()
              .toList();
      assertThat(history)
          .as(step)
          .containsExactly(StepStatus.PENDING, StepStatus.RUNNING, StepStatus.SUCCEEDED);
    }
  }

  private StepRecord latest(String step) {
    return f.journal.writes.get(f.journal.writes.size() - 1).step(step).orElseThrow();
  }

  @Test
  void crashAfterTheTrafficStepThenResumeCompletesWithoutRepeatingAFinishedStep() {
    f.globalLb.beforeVerify =
        () -> {
          f.globalLb.beforeVerify = () -> {};
          throw new InvocationKilled();
        };

    assertThatThrownBy(() -> f.handle(failover(3, "ams3"))).isInstanceOf(InvocationKilled.class);

    PromotionRecord crashed = f.onlyPromotion();
    assertThat(crashed.status()).isEqualTo(PromotionStatus.RUNNING);
    assertThat(crashed.step("shift:do-global-lb").orElseThrow().status())
        .isEqualTo(StepStatus.SUCCEEDED);
    assertThat(crashed.step("verify:do-global-lb").orElseThrow().status())
        .isEqualTo(StepStatus.RUNNING);
    assertThat(crashed.step("shift:cloudflare-dns:app.shop.test").orElseThrow().status())
        .isEqualTo(StepStatus.PENDING);

    PromotionResult resumed = f.handle(resume(crashed.id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.globalLb.calls).containsExactly("shift ams3", "verify ams3");
    assertThat(f.dns.calls).containsExactly("shift ams3", "verify ams3");
    assertThat(f.probe.probed).hasSize(1);
    assertThat(f.notices.sent).hasSize(1);
    PromotionRecord done = f.onlyPromotion();
    assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(done.steps())
        .filteredOn(s -> !s.name().equals("verify:do-global-lb"))
        .allSatisfy(s -> assertThat(s.attempts()).as(s.name()).isLessThanOrEqualTo(1));
    assertThat(done.history())
        .singleElement()
        .asString()
        .contains("resumed", "shift:cloudflare-dns:app.shop.test", "alice");
    assertThat(f.batons.peek().orElseThrow().epoch()).isEqualTo(4);
  }

  @Test
  void timeBudgetRunningOutAfterTheTrafficStepFailsThePromotionThenResumeFinishesIt() {
    f.budget = f.budgetUntil(SagaFixture.T0.plusSeconds(62));
    f.globalLb.afterShift = () -> f.clock.advance(Duration.ofSeconds(30));
    f.dns.afterShift = () -> f.clock.advance(Duration.ofSeconds(30));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.Failed.class,
            failed -> {
              assertThat(failed.step()).isEqualTo("verify:cloudflare-dns:app.shop.test");
              assertThat(failed.reason()).contains("out of time");
            });
    assertThat(f.globalLb.calls).containsExactly("shift ams3", "verify ams3");
    assertThat(f.dns.calls).containsExactly("shift ams3");
    assertThat(f.metrics.get("PromotionFailed")).isEqualTo(1);

    f.budget = TimeBudget.unlimited();
    PromotionResult resumed = f.handle(resume(f.onlyPromotion().id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.globalLb.writes()).containsExactly("shift ams3");
    assertThat(f.dns.writes()).containsExactly("shift ams3");
  }

  @Test
  void retriesWaitAtLeastAsLongAsTheProviderAsks() {
    f.globalLb.shiftFailures.add(
        new ProviderException(
            "digitalocean", "429 too many requests", true, Duration.ofSeconds(7), null));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(f.onlyPromotion().step("shift:do-global-lb").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void retriesBackOffExponentiallyWithJitterUpToTheCap() {
    for (int i = 0; i < 4; i++) {
      f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503", true));
    }

    f.handle(failover(3, "ams3"));

    assertThat(f.sleeps).hasSize(4);
    // equal jitter: between half and all of 200, 400, 800, 1600 ms
    long[] caps = {200, 400, 800, 1600};
    for (int i = 0; i < 4; i++) {
      assertThat(f.sleeps.get(i).toMillis()).isBetween(caps[i] / 2, caps[i]);
    }
  }

  @Test
  void exhaustedRetriesMarkThePromotionFailedAtThatStepAndRaiseTheAlarmMetric() {
    for (int i = 0; i < 5; i++) {
      f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503 unavailable", true));
    }

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Failed.class);
    PromotionRecord failed = f.onlyPromotion();
    assertThat(failed.status()).isEqualTo(PromotionStatus.FAILED);
    StepRecord step = failed.failedStep().orElseThrow();
    assertThat(step.name()).isEqualTo("shift:do-global-lb");
    assertThat(step.attempts()).isEqualTo(5);
    assertThat(step.detail()).contains("gave up after 5 attempts", "503 unavailable");
    // The other router's branch is not held up by this one: it shifted and verified.
    assertThat(f.dns.calls).containsExactly("shift ams3", "verify ams3");
    assertThat(failed.step("verify:do-global-lb").orElseThrow().status())
        .isEqualTo(StepStatus.PENDING);
    assertThat(f.metrics.get("PromotionFailed")).isEqualTo(1);
    assertThat(f.notices.sent)
        .singleElement()
        .satisfies(n -> assertThat(n.attributes()).containsEntry("status", "FAILED"));

    PromotionResult resumed = f.handle(resume(failed.id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.globalLb.writes()).hasSize(6);
    assertThat(f.dns.writes()).hasSize(1);
  }

  @Test
  void aResumedStepIsTimedFromTheResumeAndKeepsCountingAttempts() {
    f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "401", false));
    f.handle(failover(3, "ams3"));
    f.clock.advance(Duration.ofHours(1));
    java.time.Instant resumedAt = f.clock.instant();

    f.handle(resume(f.onlyPromotion().id()));

    StepRecord shift = f.onlyPromotion().step("shift:do-global-lb").orElseThrow();
    assertThat(shift.startedAt()).isEqualTo(resumedAt);
    assertThat(shift.attempts()).isEqualTo(2);
  }

  @Test
  void aPermanentErrorFailsTheStepWithoutRetrying() {
    f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "401 unauthorized", false));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Failed.class);
    assertThat(f.sleeps).isEmpty();
    assertThat(f.onlyPromotion().failedStep().orElseThrow().detail())
        .contains("failed permanently on attempt 1", "401 unauthorized");
  }

  @Test
  void aRetryAfterLongerThanTheTimeLeftFailsAtOnceInsteadOfSleepingPastTheBudget() {
    f.budget = f.budgetUntil(SagaFixture.T0.plusSeconds(20));
    f.globalLb.shiftFailures.add(
        new ProviderException("digitalocean", "429", true, Duration.ofSeconds(60), null));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Failed.class);
    assertThat(f.sleeps).isEmpty();
    assertThat(f.onlyPromotion().failedStep().orElseThrow().detail()).contains("out of time");
  }

  @Test
  void aPromotionOvertakenByANewerEpochBetweenStepsMakesNoFurtherExternalCall() {
    f.globalLb.afterShift = () -> f.batons.overtake("sfo3", "someone-else");

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n -> assertThat(n.reason()).contains("not acting: epoch moved to 5"));
    assertThat(f.callOrder).containsExactly("do-global-lb shift ams3");
    assertThat(f.probe.probed).isEmpty();
    assertThat(f.notices.sent).isEmpty();
    PromotionRecord promotion = f.onlyPromotion();
    assertThat(promotion.status()).isEqualTo(PromotionStatus.SUPERSEDED);
    assertThat(promotion.step("shift:cloudflare-dns:app.shop.test").orElseThrow().attempts())
        .isZero();
  }

  @Test
  void aPromotionOvertakenWhileWaitingToRetryDoesNotTryAgain() {
    f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503", true));
    f.globalLb.afterShift =
        () -> {
          f.globalLb.afterShift = () -> {};
          f.batons.overtake("sfo3", "someone-else");
        };

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.NotActing.class);
    assertThat(f.globalLb.calls).containsExactly("shift ams3");
  }

  @Test
  void resumeRefusesWhenTheEpochMovedOn() {
    for (int i = 0; i < 5; i++) {
      f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503", true));
    }
    f.handle(failover(3, "ams3"));
    f.batons.overtake("sfo3", "someone-else");
    int callsBefore = f.callOrder.size();

    PromotionResult result = f.handle(resume(f.onlyPromotion().id()));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n -> assertThat(n.reason()).contains("not acting: epoch moved to 5"));
    assertThat(f.callOrder).hasSize(callsBefore);
    assertThat(f.onlyPromotion().status()).isEqualTo(PromotionStatus.SUPERSEDED);
  }

  @Test
  void resumeOfAnUnknownPromotionIsRejectedNamingTheField() {
    PromotionResult result = f.handle(resume("20250301T100000Z-000000"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.Rejected.class, r -> assertThat(r.field()).isEqualTo("promotionId"));
  }

  @Test
  void resumeOfASucceededPromotionDoesNothing() {
    f.handle(failover(3, "ams3"));
    int calls = f.callOrder.size();

    PromotionResult result = f.handle(resume(f.onlyPromotion().id()));

    assertThat(result).isInstanceOf(PromotionResult.NotActing.class);
    assertThat(result.reason()).contains("already SUCCEEDED");
    assertThat(f.callOrder).hasSize(calls);
  }

  @Test
  void aCrashRightAfterTheClaimIsResumedWithoutClaimingAgain() {
    InMemoryBatonStore real = f.batons;
    // The claim reaches the table, then the invocation dies before journaling it.
    PromotionService crashing =
        new PromotionService(
            f.topology,
            new PromotionPorts(
                new CrashAfterClaim(real),
                f.states,
                f.journal,
                List.of(f.globalLb, f.dns),
                f.probe,
                f.notices,
                f.audit,
                f.heartbeats,
                f.metrics),
            new SagaTime(f.clock, f.sleeper(), new java.util.Random(1), SagaFixture.RETRIES));
    assertThatThrownBy(() -> crashing.handle(f.codec.decode(failover(3, "ams3")), f.budget))
        .isInstanceOf(InvocationKilled.class);
    assertThat(f.onlyPromotion().step("claim").orElseThrow().status())
        .isEqualTo(StepStatus.RUNNING);

    PromotionResult resumed = f.handle(resume(f.onlyPromotion().id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.batons.peek().orElseThrow().epoch()).isEqualTo(4);
    assertThat(f.onlyPromotion().step("claim").orElseThrow().detail()).contains("already claimed");
    assertThat(f.globalLb.writes()).containsExactly("shift ams3");
  }

  @Test
  void frozenBlocksAutomaticRequestsAndWritesNothing() {
    f.handle(
        "{\"action\":\"freeze\",\"requestedBy\":\"baton:flap-limit\",\"reason\":\"flapping\"}");
    int batonWrites = f.batons.writes();

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.NotActing.class);
    assertThat(result.reason()).contains("FROZEN");
    assertThat(f.batons.writes()).isEqualTo(batonWrites);
    assertThat(f.journal.all()).isEmpty();
    assertThat(f.callOrder).isEmpty();
  }

  @Test
  void frozenStillAllowsManualActions() {
    f.handle("{\"action\":\"freeze\",\"requestedBy\":\"alice\",\"reason\":\"maintenance\"}");

    PromotionResult result = f.handle(manual("switchover", "ams3", false, false));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    Baton baton = f.batons.peek().orElseThrow();
    assertThat(baton.activeRegion()).isEqualTo("ams3");
    assertThat(baton.mode()).isEqualTo(BatonMode.FROZEN);
    assertThat(baton.autoPromotions()).isEmpty();
  }

  @Test
  void forceMovesToARegionThatIsNotHealthyAndIsRecorded() {
    f.health("sfo3", RegionHealth.RECOVERING);

    PromotionResult refused = f.handle(manual("failback", "sfo3", false, false));
    PromotionResult forced = f.handle(manual("failback", "sfo3", true, false));

    assertThat(refused)
        .isInstanceOfSatisfying(
            PromotionResult.Rejected.class, r -> assertThat(r.field()).isEqualTo("to"));
    assertThat(forced).isInstanceOf(PromotionResult.Promoted.class);
    PromotionRecord promotion = f.onlyPromotion();
    assertThat(promotion.force()).isTrue();
    assertThat(promotion.kind()).isEqualTo(PromotionKind.FAILBACK);
    assertThat(promotion.decision()).contains("FORCED by alice");
    assertThat(f.notices.sent.get(0).attributes()).containsEntry("forced", "true");
  }

  @Test
  void aManualMoveToTheActiveRegionIsRejectedAndWritesNothing() {
    PromotionResult result = f.handle(manual("failback", "nyc1", false, false));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.Rejected.class,
            r -> {
              assertThat(r.field()).isEqualTo("to");
              assertThat(r.rule()).contains("must differ from the active region");
            });
    assertThat(f.batons.writes()).isZero();
    assertThat(f.journal.all()).isEmpty();
    assertThat(f.audit.entries).isEmpty();
    assertThat(f.callOrder).isEmpty();
  }

  @Test
  void aStaleExpectedEpochIsANoOpWithAReason() {
    PromotionResult result = f.handle(failover(2, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.NotActing.class);
    assertThat(result.reason()).contains("expected epoch 2", "epoch 3");
    assertThat(f.journal.all()).isEmpty();
    assertThat(f.batons.writes()).isZero();
  }

  @Test
  void dryRunReturnsEveryRequestAndWritesNothing() {
    PromotionResult result = f.handle(failover(3, "ams3").replace("}", ",\"dryRun\":true}"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.DryRun.class,
            plan -> {
              assertThat(plan.requests())
                  .extracting(r -> r.router() + " " + r.method() + " " + r.body())
                  .containsExactly(
                      "do-global-lb PUT {\"target\":\"ams3\"}",
                      "cloudflare-dns:app.shop.test PUT {\"target\":\"ams3\"}");
              assertThat(plan.steps()).contains("claim", "shift:do-global-lb", "notify");
              assertThat(plan.reason()).contains("epoch 3 -> 4");
            });
    assertThat(f.batons.writes()).isZero();
    assertThat(f.journal.writes).isEmpty();
    assertThat(f.globalLb.writes()).isEmpty();
    assertThat(f.dns.writes()).isEmpty();
    assertThat(f.audit.entries).isEmpty();
    assertThat(f.notices.sent).isEmpty();
    assertThat(f.metrics.counts).isEmpty();
  }

  @Test
  void freezeAndUnfreezeChangeTheModeNotifyAndAreNoOpsWhenAlreadySet() {
    PromotionResult frozen =
        f.handle(
            "{\"action\":\"freeze\",\"requestedBy\":\"baton:flap-limit\",\"reason\":\"2 in 1h\"}");
    PromotionResult again =
        f.handle("{\"action\":\"freeze\",\"requestedBy\":\"alice\",\"reason\":\"again\"}");
    PromotionResult unfrozen =
        f.handle("{\"action\":\"unfreeze\",\"requestedBy\":\"alice\",\"reason\":\"acknowledged\"}");

    assertThat(frozen.outcome()).isEqualTo("frozen");
    assertThat(again.outcome()).isEqualTo("not-acting");
    assertThat(unfrozen.outcome()).isEqualTo("unfrozen");
    assertThat(f.batons.peek().orElseThrow().mode()).isEqualTo(BatonMode.AUTO);
    assertThat(f.batons.peek().orElseThrow().epoch()).isEqualTo(3);
    assertThat(f.metrics.counts).as("a deliberate freeze is not an alarm").isEmpty();
    assertThat(f.notices.sent)
        .extracting(n -> n.attributes().get("mode"))
        .containsExactly("FROZEN", "AUTO");
  }

  @Test
  void readinessReportsEveryRoutersProblemsPerRegion() {
    f.dns.problems =
        List.of(
            new dev.baton.port.ReadinessCheck.Problem(f.dns.name(), "sfo3", "record app missing"));

    PromotionResult result = f.handle("{\"action\":\"readiness\"}");

    assertThat(result.outcome()).isEqualTo("not-ready");
    assertThat(((PromotionResult.Readiness) result).problems())
        .containsExactly(
            new dev.baton.port.ReadinessCheck.Problem(
                "cloudflare-dns:app.shop.test", "sfo3", "record app missing"));
    assertThat(f.globalLb.calls)
        .as("and checks that traffic is where the baton has been for a day")
        .containsExactly("readiness", "verify nyc1");
  }

  @Test
  void theFirstRequestPlacesTheBatonInTheBestPriorityRegion() {
    InMemoryBatonStore empty = new InMemoryBatonStore(null);
    PromotionService service =
        new PromotionService(
            f.topology,
            new PromotionPorts(
                empty,
                f.states,
                f.journal,
                List.of(f.globalLb, f.dns),
                f.probe,
                f.notices,
                f.audit,
                f.heartbeats,
                f.metrics),
            new SagaTime(f.clock, f.sleeper(), new java.util.Random(1), SagaFixture.RETRIES));

    service.handle(f.codec.decode("{\"action\":\"readiness\"}"), f.budget);

    assertThat(empty.peek()).contains(Baton.initial("nyc1", SagaFixture.T0));
    assertThat(f.audit.kinds()).containsExactly("baton-placed");
  }

  /** A baton store whose claim reaches the table, after which the invocation dies. */
  private static final class CrashAfterClaim implements dev.baton.port.BatonStore {
    private final InMemoryBatonStore real;

    CrashAfterClaim(InMemoryBatonStore real) {
      this.real = real;
    }

    @Override
    public java.util.Optional<Baton> read() {
      return real.read();
    }

    @Override
    public Baton initialize(Baton initial) {
      return real.initialize(initial);
    }

    @Override
    public ClaimOutcome claim(
        long expectedEpoch,
        String from,
        String to,
        String promotionId,
        boolean automatic,
        String reason,
        java.time.Instant now) {
      real.claim(expectedEpoch, from, to, promotionId, automatic, reason, now);
      throw new InvocationKilled();
    }

    @Override
    public ClaimOutcome setMode(
        long expectedEpoch, BatonMode mode, String reason, java.time.Instant now) {
      return real.setMode(expectedEpoch, mode, reason, now);
    }

    @Override
    public boolean publishFenceDeadline(Duration fenceDeadline) {
      return real.publishFenceDeadline(fenceDeadline);
    }

    @Override
    public boolean publishOutsideTargets(java.util.Map<String, String> healthUrls) {
      return real.publishOutsideTargets(healthUrls);
    }

    @Override
    public ClaimOutcome grant(long epoch, String promotionId, java.time.Instant now) {
      return real.grant(epoch, promotionId, now);
    }
  }

  @Test
  void failureNoticeIsBestEffort() {
    f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "401", false));
    f.notices.failures.add(new ProviderException("sns", "down", true));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Failed.class);
    assertThat(f.metrics.counts).containsEntry("PromotionFailed", 1.0);
    assertThat(Map.copyOf(f.metrics.counts)).doesNotContainKey("PromotionSucceeded");
  }
}
