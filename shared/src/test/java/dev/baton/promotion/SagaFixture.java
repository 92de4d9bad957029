package dev.baton.promotion;

import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import dev.baton.port.TrafficRouter;
import dev.baton.testing.InMemoryBatonStore;
import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Three regions (nyc1 active at epoch 3 and UNHEALTHY, ams3 and sfo3 HEALTHY), two routers, every
 * port faked in memory, time and randomness fixed.
 */
final class SagaFixture {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final RetrySchedule RETRIES =
      new RetrySchedule(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5));

  final Topology topology =
      new Topology(
          "shop",
          List.of(
              new RegionConfig(
                  "nyc1",
                  1,
                  "us-east-1",
                  "lb-nyc",
                  "203.0.113.10",
                  "https://nyc1.shop.test/health"),
              new RegionConfig(
                  "ams3",
                  2,
                  "eu-west-1",
                  "lb-ams",
                  "203.0.113.20",
                  "https://ams3.shop.test/health"),
              new RegionConfig("sfo3", 3, "us-west-2", "lb-sfo", "203.0.113.30", null)),
          List.of(
              new RouterConfig("do-global-lb", Map.of("loadBalancerId", "glb-1")),
              new RouterConfig("cloudflare-dns", Map.of("zone", "shop.test", "record", "app"))),
          null,
          null);
  final VirtualClock clock = new VirtualClock(T0);

  /** Every wait the saga asked for, in order; each one moved the clock. */
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  final List<String> callOrder = new CopyOnWriteArrayList<>();
  final RecordingRouter globalLb = new RecordingRouter("do-global-lb", callOrder);

  final RecordingRouter dns = new RecordingRouter("cloudflare-dns:app.shop.test", callOrder);

  {
    // Traffic starts where the baton is.
    globalLb.active = "nyc1";
    dns.active = "nyc1";
  }

  final InMemoryBatonStore batons =
      new InMemoryBatonStore(
          new Baton(
              "nyc1",
              3,
              BatonMode.AUTO,
              T0.minus(Duration.ofDays(1)),
              "initial",
              null,
              List.of(),
              3));
  final InMemoryJournal journal = new InMemoryJournal();
  final RecordingPorts.RegionStates states = new RecordingPorts.RegionStates();
  final RecordingPorts.Notices notices = new RecordingPorts.Notices();
  final RecordingPorts.Audit audit = new RecordingPorts.Audit();
  final RecordingPorts.Counters metrics = new RecordingPorts.Counters();

  /** The beats the grant step reads: none unless a test puts some (no agent to wait for). */
  final dev.baton.testing.InMemoryHeartbeatStore heartbeats =
      new dev.baton.testing.InMemoryHeartbeatStore();

  final RecordingPorts.Probe probe = new RecordingPorts.Probe();
  final PromotionRequestCodec codec = new PromotionRequestCodec(topology);
  TimeBudget budget = TimeBudget.unlimited();

  /** How the routers' branches run: in order unless a test wants real threads. */
  RouterBranches branches = RouterBranches.inOrder();

  SagaFixture() {
    health("nyc1", RegionHealth.UNHEALTHY);
    health("ams3", RegionHealth.HEALTHY);
    health("sfo3", RegionHealth.HEALTHY);
  }

  void health(String region, RegionHealth health) {
    states.states.put(
        region,
        new RegionState(
            region, health, T0.minusSeconds(60), T0.minusSeconds(60), null, 0, 0, "test", 1));
  }

  List<RecordingRouter> routers() {
    return List.of(globalLb, dns);
  }

  /** The saga's sleeper: records the wait, then moves the clock past it. */
  Sleeper sleeper() {
    return d -> {
      sleeps.add(d);
      clock.sleep(d);
    };
  }

  /** A budget that ends at {@code deadline} on the fixture's clock. */
  TimeBudget budgetUntil(Instant deadline) {
    return () -> Duration.between(clock.instant(), deadline);
  }

  PromotionService service() {
    return new PromotionService(
        topology,
        new PromotionPorts(
            batons,
            states,
            journal,
            List.<TrafficRouter>of(globalLb, dns),
            probe,
            notices,
            audit,
            heartbeats,
            metrics),
        new SagaTime(clock, sleeper(), new Random(42), RETRIES, branches));
  }

  PromotionResult handle(String json) {
    return service().handle(codec.decode(json), budget);
  }

  static String failover(long expectedEpoch, String to) {
    return "{\"action\":\"failover\",\"from\":\"nyc1\",\"to\":\""
        + to
        + "\",\"expectedEpoch\":"
        + expectedEpoch
        + ",\"evidence\":[\"nyc1: 0/3 instances up\"],\"requestedBy\":\"baton:health-transition\","
        + "\"reason\":\"nyc1 UNHEALTHY for 15 s\"}";
  }

  static String manual(String action, String to, boolean force, boolean dryRun) {
    return "{\"action\":\""
        + action
        + "\",\"to\":\""
        + to
        + "\",\"force\":"
        + force
        + ",\"requestedBy\":\"alice\",\"reason\":\"planned move\",\"dryRun\":"
        + dryRun
        + "}";
  }

  static String resume(String promotionId) {
    return "{\"action\":\"resume\",\"promotionId\":\""
        + promotionId
        + "\",\"requestedBy\":\"alice\",\"reason\":\"provider fixed\"}";
  }

  PromotionRecord onlyPromotion() {
    List<PromotionRecord> all = journal.all();
    if (all.size() != 1) {
      throw new AssertionError("expected one promotion in the journal, found " + all);
    }
    return all.get(0);
  }
}
