package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.ProbeResult;
import dev.baton.agent.role.Role;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.support.FakeAgentStore;
import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The beat loop against an in-memory store, with time driven by hand. */
class AgentTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(T0);
  private final FakeAgentStore store = new FakeAgentStore();
  private final VirtualScheduler scheduler = new VirtualScheduler(clock);
  private volatile ProbeResult probeAnswer =
      new ProbeResult(HeartbeatStatus.HEALTHY, new Check(true, 4, "status 200 in 4 ms"));
  private Path hookLog;
  private RoleHooks hooks;
  private Agent agent;

  @BeforeEach
  void createAgent() {
    hookLog = dir.resolve("hooks.log");
    String hook = "echo \"$BATON_ROLE $BATON_EPOCH $BATON_PREVIOUS_ROLE\" >> " + hookLog;
    AgentConfig config =
        AgentConfig.builder()
            .region("nyc1")
            .instanceId("web-1")
            .table("baton")
            .awsRegion("us-east-1")
            .probeUrl(URI.create("http://127.0.0.1:1/health"))
            .heartbeatInterval(Duration.ofSeconds(1))
            .heartbeatJitter(Duration.ofMillis(100))
            .probeTimeout(Duration.ofMillis(500))
            .fenceAfter(Duration.ofSeconds(10))
            .onActive(hook)
            .onStandby(hook)
            .onFenced(hook)
            .stateFile(dir.resolve("state"))
            .build();
    hooks = new RoleHooks("nyc1", config.hooks());
    agent = newAgent(config, hooks);
  }

  private Agent newAgent(AgentConfig config, RoleHooks roleHooks) {
    AgentState state =
        AgentState.open(new StateFile(config.stateFile()), store, "nyc1", "web-1", clock);
    return new Agent(
        config,
        () -> probeAnswer,
        store,
        state,
        new RoleTracker("nyc1", config.fenceAfter(), clock.instant()),
        roleHooks,
        "test-version",
        clock,
        scheduler,
        new Random(7));
  }

  @AfterEach
  void stop() {
    hooks.close();
    scheduler.shutdownNow();
  }

  private static Baton baton(String region, long epoch) {
    return new Baton(region, epoch, BatonMode.AUTO, T0, "test", null, List.of(), 0);
  }

  private List<String> hookLines() throws IOException {
    assertThat(hooks.awaitIdle(Duration.ofSeconds(10))).isTrue();
    return Files.exists(hookLog) ? Files.readAllLines(hookLog) : List.of();
  }

  private void beatEverySecond(int times) {
    for (int i = 0; i < times; i++) {
      clock.advance(Duration.ofSeconds(1));
      agent.beat();
    }
  }

  @Test
  void aBeatCarriesTheProbeAndThePreviousWrite() {
    agent.beat();
    Heartbeat first = store.last();
    clock.advance(Duration.ofSeconds(1));
    agent.beat();
    Heartbeat second = store.last();

    assertThat(first.status()).isEqualTo(HeartbeatStatus.HEALTHY);
    assertThat(first.checks()).containsOnlyKeys("app");
    assertThat(first.agentVersion()).isEqualTo("test-version");
    assertThat(first.sentAt()).isEqualTo(T0);
    assertThat(second.seq()).isEqualTo(first.seq() + 1);
    assertThat(second.checks()).containsOnlyKeys("app", "store");
    assertThat(second.checks().get("store").ok()).isTrue();
    assertThat(second.checks().get("store").detail()).isEqualTo("wrote seq " + first.seq());
  }

  @Test
  void theProbesStatusIsReported() {
    probeAnswer =
        new ProbeResult(HeartbeatStatus.UNHEALTHY, new Check(false, 2, "status 503, expected 200"));

    BeatReport report = agent.beat();

    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
    assertThat(store.last().checks().get("app").detail()).isEqualTo("status 503, expected 200");
    assertThat(report.written()).isTrue();
  }

  @Test
  void hooksRunExactlyOncePerRoleChangeIncludingTheFirstRole() throws IOException {
    store.baton(baton("ams3", 1));
    beatEverySecond(3);
    store.baton(baton("nyc1", 2));
    beatEverySecond(3);
    store.baton(baton("ams3", 3));
    beatEverySecond(2);

    assertThat(hookLines()).containsExactly("standby 1 ", "active 2 standby", "standby 3 active");
  }

  @Test
  void anUnreachableStoreFencesOnceAfterFenceAfterAndRecoveryIsAChangeToo() throws IOException {
    store.baton(baton("nyc1", 4));
    beatEverySecond(1);
    store.reachable(false);

    beatEverySecond(9);
    assertThat(agent.roles().snapshot().role()).as("9 s without the store").isEqualTo(Role.ACTIVE);
    beatEverySecond(1);
    assertThat(agent.roles().snapshot().role()).isEqualTo(Role.FENCED);
    beatEverySecond(5);
    assertThat(store.written()).hasSize(1);

    store.reachable(true);
    beatEverySecond(1);

    assertThat(agent.roles().snapshot().role()).isEqualTo(Role.ACTIVE);
    assertThat(agent.roles().snapshot().reason())
        .isEqualTo("authority reachable again and the baton names nyc1 active at epoch 4");
    assertThat(hookLines()).containsExactly("active 4 ", "fenced 4 active", "active 4 fenced");
    Heartbeat recovered = store.last();
    assertThat(recovered.checks().get("store").ok()).as("reports the failed write").isFalse();
    assertThat(recovered.checks().get("store").detail()).contains("connection refused");
  }

  @Test
  void aFenceAfterLongerThanTheMonitorsPublishedDeadlineLeasesOnlyTheDeadline() {
    // fenceAfter is 10 s; the monitor publishes 6 s (its failAfter - maxClockSkew).
    store.baton(baton("nyc1", 4));
    store.fenceDeadline(Duration.ofSeconds(6));
    beatEverySecond(1);
    assertThat(agent.roles().lease()).isEqualTo(Duration.ofSeconds(6));
    store.reachable(false);

    beatEverySecond(5);
    assertThat(agent.roles().snapshot().role()).isEqualTo(Role.ACTIVE);
    beatEverySecond(1);

    assertThat(agent.roles().snapshot().role()).as("6 s, not 10 s").isEqualTo(Role.FENCED);
    assertThat(agent.roles().snapshot().reason()).contains("(fenceAfter 6s)");
  }

  @Test
  void aPublishedDeadlineLongerThanFenceAfterChangesNothing() {
    store.baton(baton("nyc1", 4));
    store.fenceDeadline(Duration.ofSeconds(30));
    beatEverySecond(1);

    assertThat(agent.roles().lease()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aDrainedInstanceReportsDrainingUntilUndrained() {
    agent.beat();

    BeatReport drained = agent.drain(true);
    assertThat(drained.status()).isEqualTo(HeartbeatStatus.DRAINING);
    assertThat(drained.written()).isTrue();
    beatEverySecond(1);
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.DRAINING);

    agent.drain(false);
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.HEALTHY);
  }

  @Test
  void stopWritesDrainingAndNothingAfterIt() {
    agent.beat();
    long seqBefore = store.last().seq();

    BeatReport report = agent.stop("agent stopping (SIGTERM)");
    agent.beat();
    agent.drain(false);

    Heartbeat last = store.last();
    assertThat(report.written()).isTrue();
    assertThat(last.status()).isEqualTo(HeartbeatStatus.DRAINING);
    assertThat(last.seq()).isEqualTo(seqBefore + 1);
    assertThat(last.checks().get("agent").detail()).isEqualTo("agent stopping (SIGTERM)");
    assertThat(store.written()).hasSize(2);
  }

  @Test
  void aBeatRefusedForAnOlderSeqContinuesAboveTheStoredOneInTheSameBeat() {
    agent.beat();
    long ahead = store.last().seq() + 1000; // an older state file, or a restored backup
    store.storedSeq(ahead);

    BeatReport report = agent.beat();

    assertThat(report.written()).isTrue();
    assertThat(store.last().seq()).isEqualTo(ahead + 1);
  }

  @Test
  void aRefusalThatDoesNotSayTheStoredSeqJumpsToTheClockFloor() {
    agent.beat();
    long ahead = store.last().seq() + 1000;
    store.storedSeq(ahead);
    store.hideStoredSeq();
    clock.advance(Duration.ofMinutes(10)); // the floor (now in ms) is far above any seq so far

    BeatReport report = agent.beat();

    assertThat(report.written()).isTrue();
    assertThat(store.last().seq()).isEqualTo(clock.millis());
  }

  @Test
  void theNextBeatWaitsTheIntervalMinusTheBeatPlusJitterNeverLess() {
    for (int i = 0; i < 200; i++) {
      assertThat(agent.nextDelay(Duration.ofMillis(300)).toMillis()).isBetween(600L, 800L);
    }
    assertThat(agent.nextDelay(Duration.ofSeconds(3))).isEqualTo(Duration.ZERO);
  }

  @Test
  void theLoopBeatsOnTheSchedulerUntilStopped() {
    AgentConfig fast =
        agent.config().toBuilder()
            .heartbeatInterval(Duration.ofMillis(200))
            .heartbeatJitter(Duration.ZERO)
            .probeTimeout(Duration.ofMillis(100))
            .probeSlowAfter(null)
            .fenceAfter(Duration.ofSeconds(1))
            .build();
    Agent looping = newAgent(fast, hooks);

    looping.start();
    scheduler.runFor(Duration.ofMillis(500));
    looping.stop("test over");
    scheduler.runFor(Duration.ofSeconds(1));

    assertThat(store.written())
        .extracting(Heartbeat::sentAt)
        .as("a beat every interval, then the DRAINING of the stop, then nothing")
        .containsExactly(T0, T0.plusMillis(200), T0.plusMillis(400), T0.plusMillis(500));
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.DRAINING);
    assertThat(scheduler.queued()).as("no beat left scheduled").isZero();
    assertThat(scheduler.failures()).isEmpty();
  }

  @Test
  void duringAHandOverAgentsBeatFiveTimesAsOften() {
    assertThat(Agent.handoverBeat(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    assertThat(Agent.handoverBeat(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(250));
  }

  private static final ProbeResult DOWN =
      new ProbeResult(HeartbeatStatus.UNHEALTHY, new Check(false, 0, "connection refused"));
  private static final ProbeResult UP =
      new ProbeResult(HeartbeatStatus.HEALTHY, new Check(true, 4, "status 200 in 4 ms"));

  @Test
  void aDownBeatSaysItsAppWasUpUntilMidwayBetweenTheLastGoodProbeAndTheFirstFailedOne() {
    probeAnswer = DOWN;
    agent.beat();
    assertThat(store.last().upUntil()).as("never seen up since the agent started").isNull();

    probeAnswer = UP;
    clock.advance(Duration.ofSeconds(1));
    agent.beat();
    assertThat(store.last().upUntil()).as("an up beat carries none").isNull();

    probeAnswer = DOWN;
    clock.advance(Duration.ofSeconds(3));
    agent.beat();
    clock.advance(Duration.ofSeconds(1));
    agent.beat();
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.UNHEALTHY);
    assertThat(store.last().upUntil())
        .as("midway between the good probe at +1 s and the first failed one at +4 s, all outage")
        .isEqualTo(T0.plusMillis(2_500));

    agent.drain(true);
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.DRAINING);
    assertThat(store.last().upUntil()).as("a DRAINING beat carries none").isNull();
    agent.drain(false);

    probeAnswer = UP;
    clock.advance(Duration.ofSeconds(1));
    agent.beat();
    probeAnswer = DOWN;
    clock.advance(Duration.ofMillis(400));
    agent.beat();
    assertThat(store.last().upUntil()).isEqualTo(T0.plusMillis(6_200));
  }

  @Test
  void whileItsAppFailsTheAgentBeatsFiveTimesAsOftenUntilItAnswersAgain() {
    AgentConfig steady =
        agent.config().toBuilder()
            .heartbeatInterval(Duration.ofSeconds(5))
            .heartbeatJitter(Duration.ZERO)
            .build();
    Agent looping = newAgent(steady, hooks);

    looping.start();
    scheduler.runFor(Duration.ofSeconds(6));
    probeAnswer = DOWN;
    scheduler.runFor(Duration.ofMillis(7_500));
    probeAnswer = UP;
    scheduler.runFor(Duration.ofMillis(6_000));
    looping.stop("test over");

    assertThat(store.written())
        .filteredOn(b -> b.status() != HeartbeatStatus.DRAINING)
        .extracting(b -> b.sentAt().toEpochMilli() - T0.toEpochMilli() + " " + b.status())
        .as("every 5 s; every second from the first failed probe; every 5 s once it answers")
        .containsExactly(
            "0 HEALTHY",
            "5000 HEALTHY",
            "10000 UNHEALTHY",
            "11000 UNHEALTHY",
            "12000 UNHEALTHY",
            "13000 UNHEALTHY",
            "14000 HEALTHY",
            "19000 HEALTHY");
    assertThat(scheduler.failures()).isEmpty();
  }
}
