package dev.baton.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.aws.AwsClients;
import dev.baton.domain.Baton;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.notify.SnsNotifier;
import dev.baton.port.TrafficRouter;
import dev.baton.store.DelegatingDynamoDb;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.store.DynamoRegionStateStore;
import dev.baton.testkit.MotoExtension;
import dev.baton.testkit.MotoSns;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;

/** The saga against moto: the real baton store, journal, region states, audit log and SNS. */
@ExtendWith(MotoExtension.class)
class PromotionSagaIT {
  private final SagaFixture f = new SagaFixture();
  private final MotoServer moto;
  private final AwsClients aws;
  private DynamoDbClient dynamo;
  private DynamoBatonStore batons;
  private DynamoPromotionJournal journal;
  private String topic;

  PromotionSagaIT(MotoServer moto, AwsClients aws) {
    this.moto = moto;
    this.aws = aws;
  }

  @BeforeEach
  void freshAws() {
    moto.reset();
    dynamo = aws.dynamoDb();
    BatonTable.create(dynamo);
    batons = new DynamoBatonStore(dynamo, BatonTable.DEFAULT_NAME, Duration.ofHours(1));
    journal = new DynamoPromotionJournal(dynamo, BatonTable.DEFAULT_NAME);
    topic = aws.sns().createTopic(CreateTopicRequest.builder().name("baton").build()).topicArn();
    batons.initialize(Baton.initial("nyc1", SagaFixture.T0.minusSeconds(3600)));
    DynamoRegionStateStore states =
        new DynamoRegionStateStore(
            dynamo, BatonTable.DEFAULT_NAME, List.of("nyc1", "ams3", "sfo3"));
    f.states.states.values().forEach(s -> states.save(withVersion0(s)));
  }

  private static RegionState withVersion0(RegionState s) {
    return new RegionState(
        s.region(), s.health(), s.since(), s.lastUpAt(), s.upSince(), 0, 0, s.reason(), 0);
  }

  private PromotionService service(dev.baton.port.BatonStore store) {
    return new PromotionService(
        f.topology,
        new PromotionPorts(
            store,
            new DynamoRegionStateStore(
                dynamo, BatonTable.DEFAULT_NAME, f.topology.regionNamesByPriority()),
            journal,
            List.<TrafficRouter>of(f.globalLb, f.dns),
            f.probe,
            new SnsNotifier(aws.sns(), topic),
            new DynamoAuditLog(dynamo, BatonTable.DEFAULT_NAME, Duration.ofDays(1), new Random(3)),
            new dev.baton.store.DynamoHeartbeatStore(dynamo, BatonTable.DEFAULT_NAME),
            f.metrics),
        new SagaTime(f.clock, f.sleeper(), new Random(11), SagaFixture.RETRIES));
  }

  private PromotionResult handle(String json) {
    return service(batons).handle(f.codec.decode(json), f.budget);
  }

  private List<Map<String, AttributeValue>> table() {
    return dynamo.scan(ScanRequest.builder().tableName(BatonTable.DEFAULT_NAME).build()).items();
  }

  @Test
  void crashAfterTheTrafficStepThenResumeCompletesWithoutRepeatingAStep() {
    f.globalLb.beforeVerify =
        () -> {
          f.globalLb.beforeVerify = () -> {};
          throw new PromotionSagaTest.InvocationKilled();
        };
    assertThatThrownBy(() -> handle(SagaFixture.failover(1, "ams3")))
        .isInstanceOf(PromotionSagaTest.InvocationKilled.class);
    String id = batons.read().orElseThrow().promotionId();
    PromotionRecord crashed = journal.load(id).orElseThrow();
    // The Global LB's branch died in its verify; the DNS branch, after it in order, never ran.
    assertThat(crashed.step("verify:do-global-lb").orElseThrow().status())
        .isEqualTo(StepStatus.RUNNING);
    assertThat(crashed.firstUnfinished().orElseThrow().name())
        .isEqualTo("shift:cloudflare-dns:app.shop.test");

    PromotionResult resumed = handle(SagaFixture.resume(id));

    assertThat(resumed).isInstanceOf(PromotionResult.Promoted.class);
    assertThat(f.globalLb.calls).containsExactly("shift ams3", "verify ams3");
    assertThat(f.dns.calls).containsExactly("shift ams3", "verify ams3");
    PromotionRecord done = journal.load(id).orElseThrow();
    assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(done.steps())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED));
    assertThat(MotoSns.published(moto))
        .singleElement()
        .satisfies(m -> assertThat(m.attributes()).containsEntry("epoch", "Number:2"));
  }

  @Test
  void twoPromotionsWithTheSameExpectedEpochInParallelExactlyOneClaims() throws Exception {
    CyclicBarrier bothDecided = new CyclicBarrier(2);
    DynamoBatonStore batons =
        new DynamoBatonStore(
            DelegatingDynamoDb.serializingWrites(dynamo),
            BatonTable.DEFAULT_NAME,
            Duration.ofHours(1));
    // Both read the baton and decide before either claims: the conditional write decides.
    dev.baton.port.BatonStore gated =
        new dev.baton.port.BatonStore() {
          @Override
          public java.util.Optional<Baton> read() {
            return batons.read();
          }

          @Override
          public Baton initialize(Baton initial) {
            return batons.initialize(initial);
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
            try {
              bothDecided.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("the other promotion never reached its claim", e);
            }
            return batons.claim(expectedEpoch, from, to, promotionId, automatic, reason, now);
          }

          @Override
          public ClaimOutcome setMode(
              long expectedEpoch,
              dev.baton.domain.BatonMode mode,
              String reason,
              java.time.Instant now) {
            return batons.setMode(expectedEpoch, mode, reason, now);
          }

          @Override
          public boolean publishFenceDeadline(Duration fenceDeadline) {
            return batons.publishFenceDeadline(fenceDeadline);
          }

          @Override
          public boolean publishOutsideTargets(java.util.Map<String, String> healthUrls) {
            return batons.publishOutsideTargets(healthUrls);
          }

          @Override
          public ClaimOutcome grant(long epoch, String promotionId, java.time.Instant now) {
            return batons.grant(epoch, promotionId, now);
          }
        };
    PromotionService service = service(gated);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<PromotionResult> a =
          pool.submit(
              () -> service.handle(f.codec.decode(SagaFixture.failover(1, "ams3")), f.budget));
      Future<PromotionResult> b =
          pool.submit(
              () -> service.handle(f.codec.decode(SagaFixture.failover(1, "sfo3")), f.budget));
      List<PromotionResult> results =
          List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

      assertThat(results).filteredOn(r -> r instanceof PromotionResult.Promoted).hasSize(1);
      assertThat(results)
          .filteredOn(r -> r instanceof PromotionResult.NotActing)
          .singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("not acting: epoch moved to 2"));
      Baton baton = batons.read().orElseThrow();
      assertThat(baton.epoch()).isEqualTo(2);
      assertThat(f.globalLb.writes()).containsExactly("shift " + baton.activeRegion());
      assertThat(f.dns.writes()).containsExactly("shift " + baton.activeRegion());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void dryRunLeavesTheTableTheTopicAndEveryRouterUnchanged() {
    List<Map<String, AttributeValue>> before = table();

    PromotionResult result = handle(SagaFixture.manual("switchover", "sfo3", false, true));

    assertThat(result).isInstanceOf(PromotionResult.DryRun.class);
    assertThat(((PromotionResult.DryRun) result).requests()).hasSize(2);
    assertThat(table()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(MotoSns.published(moto)).isEmpty();
    assertThat(f.globalLb.writes()).isEmpty();
    assertThat(f.dns.writes()).isEmpty();
  }

  @Test
  void aRejectedRequestWritesNothing() {
    List<Map<String, AttributeValue>> before = table();

    PromotionResult result = handle(SagaFixture.manual("failback", "nyc1", false, false));

    assertThat(result)
        .isInstanceOfSatisfying(
            PromotionResult.Rejected.class, r -> assertThat(r.field()).isEqualTo("to"));
    assertThat(table()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(f.callOrder).isEmpty();
  }

  @Test
  void forceIsRecordedInTheJournalAndTheAudit() {
    f.health("sfo3", RegionHealth.UNHEALTHY);
    new DynamoRegionStateStore(dynamo, BatonTable.DEFAULT_NAME, List.of("sfo3"))
        .save(
            new RegionState(
                "sfo3", RegionHealth.UNHEALTHY, SagaFixture.T0, null, null, 0, 3, "down", 1));

    PromotionResult result = handle(SagaFixture.manual("switchover", "sfo3", true, false));

    assertThat(result).isInstanceOf(PromotionResult.Promoted.class);
    PromotionRecord promotion =
        journal.load(((PromotionResult.Promoted) result).promotion().id()).orElseThrow();
    assertThat(promotion.force()).isTrue();
    assertThat(table())
        .filteredOn(item -> item.get("pk").s().startsWith("AUDIT#"))
        .anySatisfy(item -> assertThat(item.toString()).contains("force", "true"));
  }
}
