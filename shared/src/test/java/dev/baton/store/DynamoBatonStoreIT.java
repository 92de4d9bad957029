package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.local.BatonTable;
import dev.baton.port.BatonStore.ClaimOutcome;
import dev.baton.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

@ExtendWith(MotoExtension.class)
class DynamoBatonStoreIT {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private final DynamoDbClient dynamo;
  private DynamoBatonStore store;

  DynamoBatonStoreIT(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  @BeforeEach
  void freshTable() {
    if (dynamo.listTables().tableNames().contains(BatonTable.DEFAULT_NAME)) {
      dynamo.deleteTable(DeleteTableRequest.builder().tableName(BatonTable.DEFAULT_NAME).build());
    }
    BatonTable.create(dynamo);
    store = new DynamoBatonStore(dynamo, BatonTable.DEFAULT_NAME, Duration.ofHours(2));
  }

  @Test
  void initializePlacesTheBatonOnceAndNeverOverwritesIt() {
    assertThat(store.read()).isEmpty();

    Baton first = store.initialize(Baton.initial("nyc1", T0));
    Baton second = store.initialize(Baton.initial("ams3", T0.plusSeconds(5)));

    assertThat(first.activeRegion()).isEqualTo("nyc1");
    assertThat(second).isEqualTo(first);
    assertThat(store.read()).contains(first);
  }

  @Test
  void theFenceDeadlineIsPublishedOnTheBatonItemOnlyWhenItChanges() {
    assertThat(store.publishFenceDeadline(Duration.ofSeconds(10))).as("no baton yet").isFalse();
    Baton placed = store.initialize(Baton.initial("nyc1", T0));

    assertThat(store.publishFenceDeadline(Duration.ofSeconds(10))).isTrue();
    assertThat(store.publishFenceDeadline(Duration.ofSeconds(10))).as("already so").isFalse();
    assertThat(store.publishFenceDeadline(Duration.ofSeconds(8))).as("new timings").isTrue();

    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                GetItemRequest.builder()
                    .tableName(BatonTable.DEFAULT_NAME)
                    .key(BatonItems.key())
                    .consistentRead(true)
                    .build())
            .item();
    assertThat(BatonItems.fenceDeadline(item)).contains(Duration.ofSeconds(8));
    assertThat(store.read()).as("the baton itself is unchanged").contains(placed);
  }

  @Test
  void claimHandsTheBatonOverAndIncrementsTheEpoch() {
    store.initialize(Baton.initial("nyc1", T0));

    ClaimOutcome outcome =
        store.claim(1, "nyc1", "ams3", "p-1", true, "nyc1 down", T0.plusSeconds(30));

    Baton claimed = ((ClaimOutcome.Claimed) outcome).baton();
    assertThat(claimed.activeRegion()).isEqualTo("ams3");
    assertThat(claimed.epoch()).isEqualTo(2);
    assertThat(claimed.promotionId()).isEqualTo("p-1");
    assertThat(claimed.reason()).isEqualTo("nyc1 down");
    assertThat(claimed.autoPromotions()).containsExactly(T0.plusSeconds(30));
    assertThat(claimed.version()).isEqualTo(1);
    assertThat(store.read()).contains(claimed);
  }

  @Test
  void claimWithAStaleEpochOrWrongRegionChangesNothing() {
    store.initialize(Baton.initial("nyc1", T0));
    store.claim(1, "nyc1", "ams3", "p-1", true, "nyc1 down", T0);
    Baton current = store.read().orElseThrow();

    ClaimOutcome staleEpoch = store.claim(1, "nyc1", "sfo3", "p-2", true, "late", T0);
    ClaimOutcome wrongRegion = store.claim(2, "nyc1", "sfo3", "p-3", true, "confused", T0);

    assertThat(staleEpoch).isEqualTo(new ClaimOutcome.EpochMoved(Optional.of(current)));
    assertThat(wrongRegion).isEqualTo(new ClaimOutcome.EpochMoved(Optional.of(current)));
    assertThat(store.read()).contains(current);
  }

  @Test
  void aClaimLosingBetweenItsReadAndItsWriteReportsTheWinnersBaton() {
    store.initialize(Baton.initial("nyc1", T0));
    DynamoBatonStore winner =
        new DynamoBatonStore(dynamo, BatonTable.DEFAULT_NAME, Duration.ofHours(2));
    // The competing claim lands after this store read the baton, just before its conditional write.
    DynamoBatonStore loser =
        new DynamoBatonStore(
            new DelegatingDynamoDb(dynamo) {
              @Override
              public UpdateItemResponse updateItem(UpdateItemRequest request) {
                winner.claim(1, "nyc1", "sfo3", "p-winner", true, "first", T0);
                return super.updateItem(request);
              }
            },
            BatonTable.DEFAULT_NAME,
            Duration.ofHours(2));

    ClaimOutcome outcome = loser.claim(1, "nyc1", "ams3", "p-loser", true, "second", T0);

    assertThat(outcome).isInstanceOf(ClaimOutcome.EpochMoved.class);
    Baton seen = ((ClaimOutcome.EpochMoved) outcome).current().orElseThrow();
    assertThat(seen.epoch()).isEqualTo(2);
    assertThat(seen.promotionId()).isEqualTo("p-winner");
    assertThat(store.read().orElseThrow().activeRegion()).isEqualTo("sfo3");
  }

  @Test
  void parallelClaimsWithTheSameExpectedEpochLetExactlyOneWin() throws Exception {
    store.initialize(Baton.initial("nyc1", T0));
    DynamoBatonStore store =
        new DynamoBatonStore(
            DelegatingDynamoDb.serializingWrites(dynamo),
            BatonTable.DEFAULT_NAME,
            Duration.ofHours(2));
    CyclicBarrier start = new CyclicBarrier(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ClaimOutcome>> claims =
          List.of("ams3", "sfo3", "lon1", "fra1").stream()
              .map(
                  to ->
                      pool.submit(
                          () -> {
                            start.await(5, TimeUnit.SECONDS);
                            return store.claim(1, "nyc1", to, "p-" + to, true, "race", T0);
                          }))
              .toList();
      List<ClaimOutcome> outcomes = new java.util.ArrayList<>();
      for (Future<ClaimOutcome> claim : claims) {
        outcomes.add(claim.get(20, TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn(o -> o instanceof ClaimOutcome.Claimed).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> o instanceof ClaimOutcome.EpochMoved)
          .hasSize(3)
          .allSatisfy(
              o ->
                  assertThat(((ClaimOutcome.EpochMoved) o).current().orElseThrow().epoch())
                      .isEqualTo(2));
      assertThat(store.read().orElseThrow().epoch()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void setModeAppliesOnlyToTheEpochItWasDecidedOn() {
    store.initialize(Baton.initial("nyc1", T0));

    ClaimOutcome frozen = store.setMode(1, BatonMode.FROZEN, "flap limit", T0.plusSeconds(1));
    ClaimOutcome stale = store.setMode(7, BatonMode.AUTO, "late", T0.plusSeconds(2));

    assertThat(((ClaimOutcome.Claimed) frozen).baton().mode()).isEqualTo(BatonMode.FROZEN);
    assertThat(stale).isInstanceOf(ClaimOutcome.EpochMoved.class);
    Baton stored = store.read().orElseThrow();
    assertThat(stored.mode()).isEqualTo(BatonMode.FROZEN);
    assertThat(stored.reason()).isEqualTo("flap limit");
    assertThat(stored.epoch()).isEqualTo(1);
  }

  @Test
  void unfreezeRestartsTheFlapCount() {
    store.initialize(Baton.initial("nyc1", T0));
    store.claim(1, "nyc1", "ams3", "p-1", true, "first", T0.plusSeconds(60));
    store.claim(2, "ams3", "nyc1", "p-2", true, "second", T0.plusSeconds(120));
    store.setMode(3, BatonMode.FROZEN, "flap limit", T0.plusSeconds(121));
    assertThat(store.read().orElseThrow().autoPromotions()).hasSize(2);

    store.setMode(3, BatonMode.AUTO, "acknowledged", T0.plusSeconds(600));

    Baton stored = store.read().orElseThrow();
    assertThat(stored.mode()).isEqualTo(BatonMode.AUTO);
    assertThat(stored.autoPromotions()).isEmpty();
  }

  @Test
  void aFreezeLandingBetweenTheDecisionAndTheAutomaticClaimWinsOnTheTable() {
    store.initialize(Baton.initial("nyc1", T0));
    // Barrier: the claim has read the baton (AUTO) and is about to write when an operator's freeze
    // lands. Only the claim's condition (mode = AUTO) can stop it now.
    DynamoDbClient racing =
        new DelegatingDynamoDb(dynamo) {
          private boolean frozen;

          @Override
          public UpdateItemResponse updateItem(UpdateItemRequest request) {
            if (!frozen && request.conditionExpression().contains("#mode = :auto")) {
              frozen = true;
              store.setMode(1, BatonMode.FROZEN, "operator freeze", T0);
            }
            return super.updateItem(request);
          }
        };
    DynamoBatonStore claimer =
        new DynamoBatonStore(racing, BatonTable.DEFAULT_NAME, Duration.ofHours(2));

    ClaimOutcome automatic = claimer.claim(1, "nyc1", "ams3", "p-1", true, "nyc1 down", T0);

    assertThat(automatic).isInstanceOf(ClaimOutcome.EpochMoved.class);
    Baton now = store.read().orElseThrow();
    assertThat(now.activeRegion()).isEqualTo("nyc1");
    assertThat(now.mode()).isEqualTo(BatonMode.FROZEN);
    // An operator's (manual) claim is not stopped by a freeze.
    assertThat(store.claim(1, "nyc1", "ams3", "p-2", false, "switchover", T0))
        .isInstanceOf(ClaimOutcome.Claimed.class);
  }

  @Test
  void theClaimRevokesAndOnlyTheSamePromotionsGrantApplies() {
    store.initialize(Baton.initial("nyc1", T0));
    Baton revoked =
        ((ClaimOutcome.Claimed) store.claim(1, "nyc1", "ams3", "p-1", true, "down", T0)).baton();
    assertThat(revoked.granted()).isFalse();
    assertThat(revoked.activeIn("ams3")).isFalse();

    assertThat(store.grant(2, "p-other", T0)).isInstanceOf(ClaimOutcome.EpochMoved.class);
    assertThat(store.grant(1, "p-1", T0)).isInstanceOf(ClaimOutcome.EpochMoved.class);
    Baton granted = ((ClaimOutcome.Claimed) store.grant(2, "p-1", T0)).baton();
    assertThat(granted.granted()).isTrue();
    assertThat(granted.activeIn("ams3")).isTrue();
    assertThat(granted.epoch()).isEqualTo(2);
    assertThat(store.read()).contains(granted);
  }
}
