package dev.baton.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

class PromotionRaceTest {

  /**
   * Both detectors (stream function and sweeper) ask for the same failover at the same epoch; both
   * pass validation before either claims. The claim is the fencing point: exactly one wins.
   */
  @RepeatedTest(5)
  void twoPromotionsWithTheSameExpectedEpochInParallelExactlyOneClaims() throws Exception {
    SagaFixture f = new SagaFixture();
    CyclicBarrier bothValidated = new CyclicBarrier(2);
    // Both requests read the baton, then wait for each other before deciding and claiming.
    PromotionService service =
        new PromotionService(
            f.topology,
            new PromotionPorts(
                f.batons,
                new RecordingPorts.RegionStates() {
                  @Override
                  public Map<String, RegionState> loadAll() {
                    try {
                      bothValidated.await(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      throw new IllegalStateException("the other request never arrived", e);
                    }
                    return f.states.loadAll();
                  }
                },
                f.journal,
                List.of(f.globalLb, f.dns),
                f.probe,
                f.notices,
                f.audit,
                f.heartbeats,
                f.metrics),
            new SagaTime(f.clock, f.sleeper(), new java.util.Random(7), SagaFixture.RETRIES));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<PromotionResult> a =
          pool.submit(
              () -> service.handle(f.codec.decode(SagaFixture.failover(3, "ams3")), f.budget));
      Future<PromotionResult> b =
          pool.submit(
              () -> service.handle(f.codec.decode(SagaFixture.failover(3, "sfo3")), f.budget));
      List<PromotionResult> results =
          List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS));

      assertThat(results).filteredOn(r -> r instanceof PromotionResult.Promoted).hasSize(1);
      assertThat(results)
          .filteredOn(r -> r instanceof PromotionResult.NotActing)
          .singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("not acting: epoch moved to 4"));
      String winner = f.batons.peek().orElseThrow().activeRegion();
      assertThat(f.batons.peek().orElseThrow().epoch()).isEqualTo(4);
      assertThat(f.globalLb.writes()).containsExactly("shift " + winner);
      assertThat(f.dns.writes()).containsExactly("shift " + winner);
      assertThat(f.journal.all())
          .extracting(PromotionRecord::status)
          .containsExactlyInAnyOrder(PromotionStatus.SUCCEEDED, PromotionStatus.SUPERSEDED);
    } finally {
      pool.shutdownNow();
    }
  }
}
