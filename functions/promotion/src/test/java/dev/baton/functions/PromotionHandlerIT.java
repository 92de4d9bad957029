package dev.baton.functions;

import static dev.baton.functions.PromotionWorld.ADDRESSES;
import static dev.baton.functions.PromotionWorld.CF_TOKEN;
import static dev.baton.functions.PromotionWorld.DO_TOKEN;
import static dev.baton.functions.PromotionWorld.event;
import static dev.baton.functions.PromotionWorld.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.aws.AwsClients;
import dev.baton.domain.BatonMode;
import dev.baton.domain.PromotionKind;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.local.fakes.Fault;
import dev.baton.observability.JsonLogging;
import dev.baton.port.TrafficRouter;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.PromotionSteps;
import dev.baton.promotion.StepRecord;
import dev.baton.routing.ProviderSettings;
import dev.baton.routing.TrafficRouters;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.testkit.MotoExtension;
import dev.baton.testkit.MotoSns;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promotion function end to end: the handler, the real routers against the contract-validated
 * DigitalOcean and Cloudflare fakes, Route 53, DynamoDB, SNS and Secrets Manager on moto.
 */
@ExtendWith(MotoExtension.class)
class PromotionHandlerIT {
  @RegisterExtension
  final ValidatedProviderFakes fakes = new ValidatedProviderFakes(DO_TOKEN, CF_TOKEN);

  private final MotoServer moto;
  private final AwsClients aws;
  private final List<PromotionWorld> worlds = new ArrayList<>();

  PromotionHandlerIT(MotoServer moto, AwsClients aws) {
    this.moto = moto;
    this.aws = aws;
  }

  private PromotionWorld world(String active) {
    PromotionWorld world = new PromotionWorld(moto, aws, fakes, active);
    worlds.add(world);
    return world;
  }

  @AfterEach
  void closeWorlds() {
    worlds.forEach(PromotionWorld::close);
  }

  @Test
  void failbackEventMovesEveryRouterProbesAndNotifies() {
    PromotionWorld world = world("ams3");
    world.baton("ams3", 4, BatonMode.AUTO, null);
    PromotionHandler handler = new PromotionHandler(world::wiring);

    JsonNode answer = invoke(handler, event("promotion-failback.json"));

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("promoted");
    assertThat(answer.path("kind").asText()).isEqualTo("FAILBACK");
    assertThat(answer.path("epoch").asLong()).isEqualTo(5);
    assertThat(world.traffic())
        .allSatisfy(
            (router, address) -> assertThat(address).as(router).isEqualTo(ADDRESSES.get("nyc1")));
    assertThat(answer.path("steps").findValuesAsText("name")).contains("probe", "notify");
    assertThat(world.batons.read().orElseThrow().activeRegion()).isEqualTo("nyc1");
    assertThat(MotoSns.published(moto))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.subject()).isEqualTo("Baton moved ams3 -> nyc1 (FAILBACK, epoch 5)");
              assertThat(m.attributes())
                  .containsEntry(
                      "reason", "String:" + answer.path("steps").get(0).path("detail").asText());
            });
    assertThat(fakes.validatedExchanges()).isPositive();
  }

  @Test
  void switchoverEventWithItsExpectedEpochMovesToAms3() {
    PromotionWorld world = world("nyc1");
    world.baton("nyc1", 4, BatonMode.AUTO, null);

    JsonNode answer =
        invoke(new PromotionHandler(world::wiring), event("promotion-switchover.json"));

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("promoted");
    assertThat(world.traffic())
        .allSatisfy(
            (router, address) -> assertThat(address).as(router).isEqualTo(ADDRESSES.get("ams3")));
  }

  @Test
  void dryRunEventListsEveryRequestAndChangesNothing() {
    PromotionWorld world = world("nyc1");
    world.baton("nyc1", 4, BatonMode.AUTO, null);
    var before = world.table();
    Map<String, String> trafficBefore = world.traffic();

    JsonNode answer = invoke(new PromotionHandler(world::wiring), event("promotion-dry-run.json"));

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("dry-run");
    assertThat(answer.path("requests").findValuesAsText("method")).contains("PUT");
    assertThat(answer.path("requests").findValuesAsText("router"))
        .anyMatch(r -> r.startsWith("do-global-lb"))
        .anyMatch(r -> r.startsWith("do-dns"))
        .anyMatch(r -> r.startsWith("cloudflare-dns"))
        .anyMatch(r -> r.startsWith("route53"));
    assertThat(world.table()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(world.traffic()).isEqualTo(trafficBefore);
    assertThat(world.providerWrites()).isEmpty();
    assertThat(MotoSns.published(moto)).isEmpty();
  }

  @Test
  void freezeAndUnfreezeEventsChangeTheMode() {
    PromotionWorld world = world("nyc1");
    world.baton("nyc1", 4, BatonMode.AUTO, null);
    PromotionHandler handler = new PromotionHandler(world::wiring);

    JsonNode frozen = invoke(handler, event("promotion-freeze.json"));
    JsonNode unfrozen = invoke(handler, event("promotion-unfreeze.json"));

    assertThat(frozen.path("outcome").asText()).as(frozen.toString()).isEqualTo("frozen");
    assertThat(unfrozen.path("outcome").asText()).as(unfrozen.toString()).isEqualTo("unfrozen");
    assertThat(world.batons.read().orElseThrow().mode()).isEqualTo(BatonMode.AUTO);
    assertThat(MotoSns.published(moto))
        .extracting(m -> m.attributes().get("mode"))
        .containsExactly("String:FROZEN", "String:AUTO");
    assertThat(world.providerWrites()).isEmpty();
  }

  @Test
  void resumeEventFinishesAFailedPromotionWithoutRepeatingItsFinishedSteps() {
    PromotionWorld world = world("nyc1");
    String id = "20261126T120312Z-e4a7c1";
    // A switchover nyc1 -> ams3 claimed epoch 5 and moved the Global LB and the DO record, then
    // Cloudflare failed: the Global LB and DO DNS point at ams3, Cloudflare and Route 53 at nyc1.
    world.baton("ams3", 5, BatonMode.AUTO, id);
    PromotionWiring probeWiring = world.wiring();
    List<TrafficRouter> routers =
        TrafficRouters.fromTopology(
            world.topology,
            PromotionWiring.secrets(world.env, aws),
            ProviderSettings.fromEnvironment(world.env, aws::route53));
    routers.get(0).shift(world.topology.region("ams3").orElseThrow());
    routers.get(1).shift(world.topology.region("ams3").orElseThrow());
    world.digitalOcean.clearExchanges();
    Instant at = Instant.now().minusSeconds(120);
    List<StepRecord> steps = new ArrayList<>();
    for (String name : PromotionSteps.names(routers, world.topology.region("ams3").orElseThrow())) {
      StepRecord step = StepRecord.pending(name);
      if (name.equals("validate")
          || name.equals("claim")
          || name.equals("shift:" + routers.get(0).name())
          || name.equals("shift:" + routers.get(1).name())) {
        step = step.attempt(at).succeeded("done before", at);
      } else if (name.equals("shift:" + routers.get(2).name())) {
        step = step.attempt(at).failed("gave up after 5 attempts: cloudflare: 503", at);
      }
      steps.add(step);
    }
    new DynamoPromotionJournal(world.dynamo, BatonTable.DEFAULT_NAME)
        .save(
            new PromotionRecord(
                id,
                PromotionKind.SWITCHOVER,
                "nyc1",
                "ams3",
                4,
                5,
                "alice",
                "planned",
                "manual switchover",
                List.of(),
                false,
                false,
                PromotionStatus.FAILED,
                steps,
                at,
                at,
                0,
                List.of()));
    assertThat(probeWiring.topology()).isEqualTo(world.topology);

    JsonNode answer = invoke(new PromotionHandler(world::wiring), event("promotion-resume.json"));

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("promoted");
    assertThat(world.traffic())
        .allSatisfy(
            (router, address) -> assertThat(address).as(router).isEqualTo(ADDRESSES.get("ams3")));
    assertThat(world.providerWrites())
        .as("only Cloudflare's record is written; the Global LB and DO record were done")
        .singleElement()
        .asString()
        .startsWith("cloudflare ");
    PromotionRecord done =
        new DynamoPromotionJournal(world.dynamo, BatonTable.DEFAULT_NAME).load(id).orElseThrow();
    assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
    assertThat(done.step("shift:" + routers.get(0).name()).orElseThrow().detail())
        .isEqualTo("done before");
    assertThat(done.history())
        .singleElement()
        .asString()
        .contains("alice", "Cloudflare API recovered");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "to|{\"action\":\"failback\",\"to\":\"xyz9\",\"requestedBy\":\"alice\",\"reason\":\"r\"}",
        "requestedBy|{\"action\":\"failback\",\"to\":\"ams3\",\"reason\":\"r\"}",
        "action|{\"action\":\"promote\",\"to\":\"ams3\",\"requestedBy\":\"alice\",\"reason\":\"r\"}",
        "to|{\"action\":\"switchover\",\"to\":\"nyc1\",\"requestedBy\":\"alice\",\"reason\":\"r\"}",
        "force|{\"action\":\"switchover\",\"to\":\"ams3\",\"force\":\"yes\",\"requestedBy\":\"alice\",\"reason\":\"r\"}"
      })
  void badRequestIsRejectedNamingTheFieldAndChangesNothing(String fieldAndRequest) {
    String field = fieldAndRequest.substring(0, fieldAndRequest.indexOf('|'));
    String request = fieldAndRequest.substring(fieldAndRequest.indexOf('|') + 1);
    PromotionWorld world = world("nyc1");
    world.baton("nyc1", 4, BatonMode.AUTO, null);
    var before = world.table();

    JsonNode answer = invoke(new PromotionHandler(world::wiring), request);

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("rejected");
    assertThat(answer.path("field").asText()).isEqualTo(field);
    assertThat(answer.path("rule").asText()).isNotBlank();
    assertThat(world.table()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(world.providerWrites()).isEmpty();
    assertThat(MotoSns.published(moto)).isEmpty();
  }

  @Test
  void readinessReportsTheBrokenRouterAndRegion() {
    PromotionWorld world = world("nyc1");
    world.baton("nyc1", 4, BatonMode.AUTO, null);
    world.cloudflare.failNext(10, new Fault.ServerError(503));

    JsonNode answer = invoke(new PromotionHandler(world::wiring), "{\"action\":\"readiness\"}");

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("not-ready");
    assertThat(answer.path("problems").findValuesAsText("router"))
        .allMatch(r -> r.startsWith("cloudflare-dns"));
  }

  @Test
  void logsResponsesNotificationsAndTheTableNeverContainATokenValue() {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    JsonLogging.install(logs, "promotion", Level.FINE);
    try {
      PromotionWorld world = world("nyc1");
      world.baton("nyc1", 4, BatonMode.AUTO, null);
      PromotionHandler handler = new PromotionHandler(world::wiring);
      // The Global LB's writes (PUT) only: DO DNS shifts at the same time on the same API
      // (decision 0019) and must not take some of these faults.
      world.digitalOcean.failNext(5, new Fault.ServerError(500), "PUT");
      world.cloudflare.failNext(1, new Fault.RateLimited(Duration.ofSeconds(1)));

      JsonNode failed = invoke(handler, event("promotion-switchover.json"));
      JsonNode resumed =
          invoke(
              handler,
              "{\"action\":\"resume\",\"promotionId\":\""
                  + failed.path("promotionId").asText()
                  + "\",\"requestedBy\":\"alice\",\"reason\":\"DigitalOcean is back\"}");
      world.digitalOcean.failNext(1, new Fault.MalformedBody("{\"load_balancer\": [not json"));
      JsonNode ready = invoke(handler, "{\"action\":\"readiness\"}");

      assertThat(failed.path("outcome").asText()).as(failed.toString()).isEqualTo("failed");
      assertThat(failed.path("failedStep").asText()).startsWith("shift:do-global-lb");
      assertThat(resumed.path("outcome").asText()).as(resumed.toString()).isEqualTo("promoted");
      String everything =
          logs.toString(StandardCharsets.UTF_8)
              + failed
              + resumed
              + ready
              + MotoSns.published(moto)
              + world.table();
      assertThat(logs.toString(StandardCharsets.UTF_8))
          .contains("FAILED at step shift:do-global-lb");
      assertThat(everything).doesNotContain(DO_TOKEN).doesNotContain(CF_TOKEN);
    } finally {
      JsonLogging.install(System.out, "promotion", Level.INFO);
    }
  }

  @Test
  void theWiringReadsTheTopologyDocumentFromTheEnvironment(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    PromotionWorld world = world("ams3");
    world.baton("ams3", 4, BatonMode.AUTO, null);
    java.nio.file.Path file =
        java.nio.file.Files.writeString(
            dir.resolve("topology.yaml"),
            String.join(
                "\n",
                "app: shop",
                "regions:",
                "  - {name: nyc1, priority: 1, awsRegion: us-east-1, publicAddress: 203.0.113.10}",
                "  - {name: ams3, priority: 2, awsRegion: eu-west-1, publicAddress: 203.0.113.20}",
                "routers:",
                "  - type: do-global-lb",
                "    settings: {loadBalancerId: " + world.glbId + "}",
                "  - type: cloudflare-dns",
                "    settings: {zone: shop.test, recordName: app}",
                ""));
    Map<String, String> env = new java.util.HashMap<>(world.env);
    env.put("BATON_TOPOLOGY_FILE", file.toString());

    JsonNode answer =
        invoke(
            new PromotionHandler(() -> PromotionWiring.fromEnvironment(env)),
            event("promotion-failback.json"));

    assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("promoted");
    assertThat(answer.path("steps").findValuesAsText("name"))
        .containsExactly(
            "validate",
            "claim",
            "grant",
            "shift:do-global-lb:" + world.glbId,
            "shift:cloudflare-dns:app.shop.test/A",
            "verify:do-global-lb:" + world.glbId,
            "verify:cloudflare-dns:app.shop.test/A",
            "notify");
    assertThat(world.traffic())
        .containsEntry("do-global-lb", ADDRESSES.get("nyc1"))
        .containsEntry("cloudflare-dns", ADDRESSES.get("nyc1"));
  }

  @Test
  void snapStartPrimesBeforeTheSnapshotAndRebuildsTheWiringAfterRestore() {
    PromotionWorld world = world("nyc1");
    world.baton("nyc1", 4, BatonMode.AUTO, null);
    AtomicInteger builds = new AtomicInteger();
    PromotionHandler handler =
        new PromotionHandler(
            () -> {
              builds.incrementAndGet();
              return world.wiring();
            });

    handler.beforeCheckpoint(null);
    handler.afterRestore(null);
    JsonNode answer = invoke(handler, event("promotion-freeze.json"));

    assertThat(builds.get()).isEqualTo(2);
    assertThat(answer.path("outcome").asText()).isEqualTo("frozen");
  }
}
