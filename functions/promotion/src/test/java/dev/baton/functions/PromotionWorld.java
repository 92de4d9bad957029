package dev.baton.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import dev.baton.aws.AwsClients;
import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.local.fakes.FakeCloudflare;
import dev.baton.local.fakes.FakeDigitalOcean;
import dev.baton.store.DynamoBatonStore;
import dev.baton.store.DynamoRegionStateStore;
import dev.baton.testkit.contract.ValidatedProviderFakes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;

/**
 * A complete world for the promotion function on one machine: the table, SNS topic, Route 53 zone
 * and token secrets in moto; DigitalOcean (Global LB, DNS record) and Cloudflare (DNS record) as
 * contract-validated fakes; a public health endpoint for nyc1. Two regions, four routers.
 */
final class PromotionWorld implements AutoCloseable {
  static final String DO_TOKEN = "dop_v1_FAKE-promotion-test-token-never-valid-4e0c9f1d8a7b";
  static final String CF_TOKEN = "cf_tok_Zq8Lr2Xy7Wv4Ts9Pn3Mk6Jh1Gf5Dd0Sa";
  static final Map<String, String> ADDRESSES =
      Map.of("nyc1", "203.0.113.10", "ams3", "203.0.113.20");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final AwsClients aws;
  final DynamoDbClient dynamo;
  final FakeDigitalOcean digitalOcean;
  final FakeCloudflare cloudflare;
  final String glbId;
  final long doRecordId;
  final String cfZoneId;
  final String cfRecordId;
  final String hostedZoneId;
  final String topic;
  final Topology topology;
  final Map<String, String> env = new HashMap<>();
  final DynamoBatonStore batons;
  private final HttpServer health;

  PromotionWorld(MotoServer moto, AwsClients aws, ValidatedProviderFakes fakes, String active) {
    this.aws = aws;
    this.dynamo = aws.dynamoDb();
    moto.reset();
    BatonTable.create(dynamo);
    topic = aws.sns().createTopic(CreateTopicRequest.builder().name("baton").build()).topicArn();
    String doSecret =
        aws.secretsManager()
            .createSecret(
                CreateSecretRequest.builder().name("baton/do").secretString(DO_TOKEN).build())
            .arn();
    String cfSecret =
        aws.secretsManager()
            .createSecret(
                CreateSecretRequest.builder()
                    .name("baton/cf")
                    .secretString("{\"token\":\"" + CF_TOKEN + "\"}")
                    .build())
            .arn();
    hostedZoneId =
        aws.route53()
            .createHostedZone(
                CreateHostedZoneRequest.builder()
                    .name("shop.test")
                    .callerReference("baton-it")
                    .build())
            .hostedZone()
            .id();
    upsertRoute53(ADDRESSES.get(active));

    digitalOcean = fakes.digitalOcean();
    cloudflare = fakes.cloudflare();
    String lbNyc = digitalOcean.addRegionalLoadBalancer("shop-nyc1", "nyc1");
    String lbAms = digitalOcean.addRegionalLoadBalancer("shop-ams3", "ams3");
    String other = active.equals("nyc1") ? "ams3" : "nyc1";
    Map<String, Integer> priorities = new java.util.LinkedHashMap<>();
    priorities.put(active, 1);
    priorities.put(other, 2);
    glbId =
        digitalOcean.addGlobalLoadBalancer(
            "shop-global", "app.shop.test", priorities, List.of(lbNyc, lbAms));
    doRecordId = digitalOcean.addRecord("shop.test", "A", "app", ADDRESSES.get(active), 60);
    cfZoneId = cloudflare.addZone("shop.test");
    cfRecordId =
        cloudflare.addRecord(cfZoneId, "A", "app.shop.test", ADDRESSES.get(active), 60, false);

    try {
      health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    health.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    health.start();

    topology =
        new Topology(
            "shop",
            List.of(
                new RegionConfig(
                    "nyc1",
                    1,
                    "us-east-1",
                    lbNyc,
                    ADDRESSES.get("nyc1"),
                    "http://127.0.0.1:" + health.getAddress().getPort() + "/health"),
                new RegionConfig("ams3", 2, "eu-west-1", lbAms, ADDRESSES.get("ams3"), null)),
            List.of(
                new RouterConfig("do-global-lb", Map.of("loadBalancerId", glbId)),
                new RouterConfig("do-dns", Map.of("domain", "shop.test", "recordName", "app")),
                new RouterConfig(
                    "cloudflare-dns", Map.of("zone", "shop.test", "recordName", "app")),
                new RouterConfig(
                    "route53",
                    Map.of("hostedZoneId", hostedZoneId, "recordName", "app.shop.test"))),
            null,
            null);

    env.put("AWS_REGION", "us-east-1");
    env.put("BATON_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("BATON_TABLE", BatonTable.DEFAULT_NAME);
    env.put("BATON_TOPIC_ARN", topic);
    env.put("BATON_DO_TOKEN_SECRET", doSecret);
    env.put("BATON_CF_TOKEN_SECRET", cfSecret);
    env.put("BATON_DIGITALOCEAN_ENDPOINT", digitalOcean.baseUrl().toString());
    env.put("BATON_CLOUDFLARE_ENDPOINT", cloudflare.baseUrl().toString());
    env.put("POWERTOOLS_SERVICE_NAME", "promotion");

    batons = new DynamoBatonStore(dynamo, BatonTable.DEFAULT_NAME, Duration.ofHours(1));
    DynamoRegionStateStore states =
        new DynamoRegionStateStore(dynamo, BatonTable.DEFAULT_NAME, List.of("nyc1", "ams3"));
    Instant earlier = Instant.now().minus(Duration.ofHours(1));
    for (String region : List.of("nyc1", "ams3")) {
      states.save(
          new RegionState(region, RegionHealth.HEALTHY, earlier, earlier, earlier, 3, 3, "up", 0));
    }
  }

  /** Places the baton (as a previous promotion would have left it). */
  void baton(String active, long epoch, BatonMode mode, String promotionId) {
    batons.initialize(
        new Baton(
            active,
            epoch,
            mode,
            Instant.now().minusSeconds(600),
            "seeded",
            promotionId,
            List.of(),
            0));
  }

  PromotionWiring wiring() {
    return PromotionWiring.fromEnvironment(env, topology);
  }

  static JsonNode invoke(PromotionHandler handler, String request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, null);
      return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where each router points now: one address per router. */
  Map<String, String> traffic() {
    JsonNode priorities =
        digitalOcean
            .loadBalancer(glbId)
            .orElseThrow()
            .path("glb_settings")
            .path("region_priorities");
    String first =
        priorities.get("nyc1").asInt() < priorities.get("ams3").asInt() ? "nyc1" : "ams3";
    return Map.of(
        "do-global-lb", ADDRESSES.get(first),
        "do-dns", digitalOcean.record("shop.test", doRecordId).orElseThrow().path("data").asText(),
        "cloudflare-dns",
            cloudflare.record(cfZoneId, cfRecordId).orElseThrow().path("content").asText(),
        "route53", route53Address());
  }

  private String route53Address() {
    return aws
        .route53()
        .listResourceRecordSets(
            ListResourceRecordSetsRequest.builder().hostedZoneId(hostedZoneId).build())
        .resourceRecordSets()
        .stream()
        .filter(r -> r.name().startsWith("app.shop.test") && r.type() == RRType.A)
        .findFirst()
        .orElseThrow()
        .resourceRecords()
        .get(0)
        .value();
  }

  private void upsertRoute53(String address) {
    aws.route53()
        .changeResourceRecordSets(
            ChangeResourceRecordSetsRequest.builder()
                .hostedZoneId(hostedZoneId)
                .changeBatch(
                    ChangeBatch.builder()
                        .changes(
                            Change.builder()
                                .action(ChangeAction.UPSERT)
                                .resourceRecordSet(
                                    ResourceRecordSet.builder()
                                        .name("app.shop.test")
                                        .type(RRType.A)
                                        .ttl(60L)
                                        .resourceRecords(
                                            ResourceRecord.builder().value(address).build())
                                        .build())
                                .build())
                        .build())
                .build());
  }

  List<Map<String, AttributeValue>> table() {
    return dynamo.scan(ScanRequest.builder().tableName(BatonTable.DEFAULT_NAME).build()).items();
  }

  /** Requests that change provider state. */
  List<String> providerWrites() {
    List<String> writes = new java.util.ArrayList<>();
    digitalOcean.exchanges().stream()
        .filter(e -> !e.method().equals("GET"))
        .forEach(e -> writes.add("digitalocean " + e.method() + " " + e.path()));
    cloudflare.exchanges().stream()
        .filter(e -> !e.method().equals("GET"))
        .forEach(e -> writes.add("cloudflare " + e.method() + " " + e.path()));
    return writes;
  }

  static Path eventsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path events = dir.resolve("events");
      if (Files.isDirectory(events) && Files.isRegularFile(dir.resolve("template.yaml"))) {
        return events;
      }
    }
    throw new IllegalStateException(
        "no events/ folder next to template.yaml above " + Path.of("").toAbsolutePath());
  }

  static String event(String name) {
    try {
      return Files.readString(eventsDir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    health.stop(0);
  }
}
