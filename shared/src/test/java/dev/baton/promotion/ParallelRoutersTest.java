package dev.baton.promotion;

import static dev.baton.promotion.SagaFixture.failover;
import static dev.baton.promotion.SagaFixture.resume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.port.ProviderException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "routers in parallel after the grant": each router's shift and verify run in a branch
 * of their own, with their own retries and journal entries; the branches' writes merge into one
 * record; one router failing does not hold the others back; a newer epoch stops them all.
 */
class ParallelRoutersTest {
  private final SagaFixture f = new SagaFixture();

  private static final String DNS = "cloudflare-dns:app.shop.test";

  /** Waits for the other branch; a branch that never comes fails the test, it does not hang. */
  private static void meet(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the routers' branches did not run at the same time", e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the other branch never got there");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @RepeatedTest(10)
  void branchesOnThreadsJournalEveryStepAndLoseNoUpdate() {
    f.branches = new RouterThreads(RouterThreads.DEFAULT_MAX_THREADS);
    CyclicBarrier bothShifting = new CyclicBarrier(2);
    List<String> threads = new CopyOnWriteArrayList<>();
    f.globalLb.beforeShift =
        () -> {
          threads.add(Thread.currentThread().getName());
          if (f.globalLb.calls.isEmpty()) {
            meet(bothShifting);
          }
        };
    f.dns.beforeShift =
        () -> {
          threads.add(Thread.currentThread().getName());
          meet(bothShifting);
        };
    f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "429", true));
    f.dns.verifyFailures.add(new ProviderException("cloudflare", "timed out", true));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(threads)
        .contains("baton-router-do-global-lb", "baton-router-" + DNS)
        .allSatisfy(t -> assertThat(t).startsWith("baton-router-"));
    PromotionRecord done = f.onlyPromotion();
    assertThat(done.steps())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED));
    Map<String, Integer> attempts = new HashMap<>();
    done.steps().forEach(s -> attempts.put(s.name(), s.attempts()));
    assertThat(attempts)
        .containsEntry("shift:do-global-lb", 2)
        .containsEntry("verify:do-global-lb", 1)
        .containsEntry("shift:" + DNS, 1)
        .containsEntry("verify:" + DNS, 2);
    // No write took a step back: each was made on the latest record, none overwrote another's.
    for (StepRecord step : done.steps()) {
      List<StepRecord> history =
          f.journal.writes.stream().map(p -> p.step(step.name()).orElseThrow()).toList();
      for (int i = 1; i < history.size(); i++) {
        assertThat(history.get(i).attempts())
            .as("%s attempts at write %d", step.name(), i)
            .isGreaterThanOrEqualTo(history.get(i - 1).attempts());
        if (history.get(i - 1).status() == StepStatus.SUCCEEDED) {
          assertThat(history.get(i).status()).as(step.name()).isEqualTo(StepStatus.SUCCEEDED);
        }
      }
    }
    assertThat(f.journal.writes)
        .extracting(PromotionRecord::revision)
        .as("one write at a time, each on the one before")
        .isSorted()
        .doesNotHaveDuplicates();
  }

  @Test
  void oneRouterFailingLetsTheOtherFinishAndFailsThePromotionAtThatRoutersStep() {
    for (int i = 0; i < 5; i++) {
      f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503 unavailable", true));
    }

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.Failed.class,
            failed -> {
              assertThat(failed.step()).isEqualTo("shift:do-global-lb");
              assertThat(failed.reason()).contains("gave up after 5 attempts", "resume it");
            });
    PromotionRecord failed = f.onlyPromotion();
    assertThat(failed.status()).isEqualTo(PromotionStatus.FAILED);
    assertThat(failed.step("shift:" + DNS).orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(failed.step("verify:" + DNS).orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(failed.step("verify:do-global-lb").orElseThrow().status())
        .isEqualTo(StepStatus.PENDING);
    assertThat(f.dns.active).as("users of the healthy router already reach ams3").isEqualTo("ams3");
    assertThat(f.probe.probed).as("probe waits for every router").isEmpty();
    assertThat(f.metrics.get("PromotionFailed")).isEqualTo(1);
  }

  @Test
  void twoRoutersFailingNameTheFirstStepAndReportTheOther() {
    for (int i = 0; i < 5; i++) {
      f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503", true));
    }
    f.dns.shiftFailures.add(new ProviderException("cloudflare", "403 forbidden", false));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.Failed.class,
            failed -> {
              assertThat(failed.step()).isEqualTo("shift:do-global-lb");
              assertThat(failed.reason()).contains("also failed: shift:" + DNS, "403 forbidden");
            });
    assertThat(f.onlyPromotion().steps())
        .filteredOn(s -> s.status() == StepStatus.FAILED)
        .extracting(StepRecord::name)
        .containsExactly("shift:do-global-lb", "shift:" + DNS);
  }

  @Test
  void resumeAfterAFailedBranchRepeatsNoSuccessfulRouterCall() {
    for (int i = 0; i < 5; i++) {
      f.globalLb.shiftFailures.add(new ProviderException("digitalocean", "503 unavailable", true));
    }
    f.handle(failover(3, "ams3"));
    List<String> dnsCalls = List.copyOf(f.dns.calls);

    PromotionResult resumed = f.handle(resume(f.onlyPromotion().id()));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(dnsCalls).containsExactly("shift ams3", "verify ams3");
    assertThat(f.dns.calls).as("the router that succeeded is not called again").isEqualTo(dnsCalls);
    assertThat(f.globalLb.calls).endsWith("shift ams3", "verify ams3").hasSize(7);
    PromotionRecord done = f.onlyPromotion();
    assertThat(done.step("shift:" + DNS).orElseThrow().attempts()).isEqualTo(1);
    assertThat(done.step("shift:do-global-lb").orElseThrow().attempts()).isEqualTo(6);
    assertThat(f.probe.probed).hasSize(1);
  }

  @RepeatedTest(5)
  void aNewerEpochSeenByOneBranchStopsTheOtherBeforeItsNextCall() {
    f.branches = new RouterThreads(RouterThreads.DEFAULT_MAX_THREADS);
    CountDownLatch dnsCalling = new CountDownLatch(1);
    CountDownLatch overtaken = new CountDownLatch(1);
    f.globalLb.beforeShift = () -> await(dnsCalling);
    f.globalLb.afterShift =
        () -> {
          f.batons.overtake("sfo3", "someone-else");
          overtaken.countDown();
        };
    // The DNS call in flight when the epoch moves fails; the branch must not try again.
    f.dns.beforeShift =
        () -> {
          dnsCalling.countDown();
          await(overtaken);
        };
    f.dns.shiftFailures.add(new ProviderException("cloudflare", "503", true));

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.NotActing.class,
            n -> assertThat(n.reason()).contains("not acting: epoch moved to 5"));
    assertThat(f.globalLb.calls).containsExactly("shift ams3");
    assertThat(f.dns.calls).containsExactly("shift ams3");
    assertThat(f.probe.probed).isEmpty();
    assertThat(f.onlyPromotion().status()).isEqualTo(PromotionStatus.SUPERSEDED);
  }

  @Test
  void aFencedBranchStopsTheBranchesAfterItWithoutACall() {
    f.globalLb.afterShift = () -> f.batons.overtake("sfo3", "someone-else");

    PromotionResult result = f.handle(failover(3, "ams3"));

    assertThat(result).isInstanceOf(PromotionResult.NotActing.class);
    assertThat(f.callOrder).containsExactly("do-global-lb shift ams3");
    PromotionRecord stopped = f.onlyPromotion();
    assertThat(stopped.step("verify:do-global-lb").orElseThrow().detail())
        .contains("epoch moved to 5");
    assertThat(stopped.step("shift:" + DNS).orElseThrow().attempts()).isZero();
  }

  @Test
  void anotherRunWritingTheJournalEndsThisRunAndItsOtherBranches() {
    f.globalLb.afterShift =
        () -> {
          // A resume started by an operator while this run still works: it owns the journal now.
          PromotionRecord other = f.journal.all().get(0);
          f.journal.save(other.withHistory("resumed by bob", f.clock.instant()));
        };

    assertThatThrownBy(() -> f.handle(failover(3, "ams3"))).isInstanceOf(JournalConflict.class);

    assertThat(f.callOrder).containsExactly("do-global-lb shift ams3");
    assertThat(f.onlyPromotion().history()).containsExactly("resumed by bob");
    assertThat(f.onlyPromotion().status()).isEqualTo(PromotionStatus.RUNNING);
  }
}
