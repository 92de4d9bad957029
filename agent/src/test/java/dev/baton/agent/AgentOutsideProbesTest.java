package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.hooks.RoleHooks;
import dev.baton.agent.probe.ProbeResult;
import dev.baton.agent.role.Role;
import dev.baton.agent.role.RoleTracker;
import dev.baton.agent.state.AgentState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.store.OutsideTargets;
import dev.baton.agent.support.FakeAgentStore;
import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Check;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideProbe;
import dev.baton.port.OutsideProber;
import dev.baton.store.BatonItems;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The agent's outside probes of other regions, as the beats carry them to the monitor. */
class AgentOutsideProbesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Map<String, URI> PUBLISHED =
      Map.of(
          "nyc1", URI.create("https://nyc1.example.com/health"),
          "ams3", URI.create("https://ams3.example.com/health?token=s3cret"),
          "fra1", URI.create("https://fra1.example.com/health"));

  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(T0);
  private final FakeAgentStore store = new FakeAgentStore();
  private final VirtualScheduler scheduler = new VirtualScheduler(clock);
  private final ScriptedProber prober = new ScriptedProber();
  private RoleHooks hooks;
  private Agent agent;

  /** Answers every target up unless told otherwise; remembers what it was asked. */
  static final class ScriptedProber implements OutsideProber {
    final List<Map<String, URI>> asked = new ArrayList<>();
    final Map<String, Outcome> answers = new HashMap<>();

    @Override
    public Map<String, Outcome> probe(Map<String, URI> targets) {
      asked.add(Map.copyOf(targets));
      Map<String, Outcome> out = new LinkedHashMap<>();
      targets.keySet().forEach(r -> out.put(r, answers.getOrDefault(r, up())));
      return out;
    }

    static Outcome up() {
      return new Outcome(true, "HTTP 200 in 12 ms");
    }
  }

  @BeforeEach
  void createAgent() {
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
            .stateFile(dir.resolve("state"))
            .build();
    hooks = new RoleHooks("nyc1", config.hooks());
    agent = newAgent(config);
    store.baton(new Baton("nyc1", 3, BatonMode.AUTO, T0, "test", null, List.of(), 0));
  }

  private Agent newAgent(AgentConfig config) {
    AgentState state =
        AgentState.open(new StateFile(config.stateFile()), store, "nyc1", "web-1", clock);
    return new Agent(
        config,
        () -> new ProbeResult(HeartbeatStatus.HEALTHY, new Check(true, 4, "status 200 in 4 ms")),
        store,
        state,
        new RoleTracker("nyc1", config.fenceAfter(), clock.instant()),
        hooks,
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

  private Map<String, OutsideProbe> beatAt(int second) {
    clock.set(T0.plusSeconds(second));
    agent.beat();
    return store.last().outside();
  }

  @Test
  void beatsCarryThePeersProbesAndAFailureRunKeepsOneDownSince() {
    agent.withOutsideProber(prober);
    store.outsideTargets(OutsideTargets.of(PUBLISHED));

    Map<String, OutsideProbe> first = beatAt(0);
    Map<String, OutsideProbe> good = beatAt(1);
    prober.answers.put("ams3", new OutsideProber.Outcome(false, "connection refused"));
    Map<String, OutsideProbe> down = beatAt(2);
    Map<String, OutsideProbe> stillDown = beatAt(4);
    prober.answers.remove("ams3");
    Map<String, OutsideProbe> back = beatAt(5);
    prober.answers.put("ams3", new OutsideProber.Outcome(false, "no answer within 400 ms"));
    Map<String, OutsideProbe> downAgain = beatAt(7);

    assertThat(first).as("the targets come from a baton read, after the first beat").isEmpty();
    assertThat(good)
        .containsOnlyKeys("ams3", "fra1")
        .containsEntry("ams3", OutsideProbe.up("HTTP 200 in 12 ms"));
    // Midway between the last good probe (1 s) and the first failed one (2 s), on both failures.
    Instant since = T0.plusMillis(1500);
    assertThat(down.get("ams3")).isEqualTo(OutsideProbe.down("connection refused", since));
    assertThat(stillDown.get("ams3")).isEqualTo(OutsideProbe.down("connection refused", since));
    assertThat(down.get("fra1").ok()).isTrue();
    assertThat(back.get("ams3").ok()).isTrue();
    assertThat(downAgain.get("ams3"))
        .as(
            "a new failure run counts from its own gap: the middle (6 s), but no earlier than half"
                + " an interval (0.5 s) before the failed probe, since the 2 s gap is longer than"
                + " the 1 s interval")
        .isEqualTo(OutsideProbe.down("no answer within 400 ms", T0.plusMillis(6500)));
  }

  @Test
  void itsOwnRegionIsNeverProbed() {
    agent.withOutsideProber(prober);
    store.outsideTargets(OutsideTargets.of(PUBLISHED));

    for (int s = 0; s < 4; s++) {
      beatAt(s);
    }

    assertThat(prober.asked).hasSize(3).allSatisfy(t -> assertThat(t).doesNotContainKey("nyc1"));
    assertThat(prober.asked.get(0)).containsOnlyKeys("ams3", "fra1");
    assertThat(store.written()).allSatisfy(b -> assertThat(b.outside()).doesNotContainKey("nyc1"));
  }

  @Test
  void noPublishedTargetsMeansNoProbes() {
    agent.withOutsideProber(prober);

    beatAt(0);
    beatAt(1);
    store.outsideTargets(OutsideTargets.of(Map.of("nyc1", PUBLISHED.get("nyc1"))));
    beatAt(2);
    beatAt(3);

    assertThat(prober.asked).as("nothing but its own region published").isEmpty();
    assertThat(store.written()).hasSize(4).allSatisfy(b -> assertThat(b.outside()).isEmpty());
  }

  @Test
  void targetsThatLeaveTheItemAreNoLongerProbed() {
    agent.withOutsideProber(prober);
    store.outsideTargets(OutsideTargets.of(PUBLISHED));
    beatAt(0);
    beatAt(1);
    store.outsideTargets(OutsideTargets.of(Map.of("fra1", PUBLISHED.get("fra1"))));
    beatAt(2);

    assertThat(beatAt(3)).containsOnlyKeys("fra1");
  }

  @Test
  void anAgentWithoutAProberProbesNothing() {
    store.outsideTargets(OutsideTargets.of(PUBLISHED));

    beatAt(0);
    beatAt(1);
    beatAt(2);

    assertThat(store.written()).hasSize(3).allSatisfy(b -> assertThat(b.outside()).isEmpty());
  }

  @Test
  void aMalformedTargetsAttributeProbesNothingAndTheAgentCarriesOn() {
    agent.withOutsideProber(prober);
    OutsideTargets malformed =
        OutsideTargets.read(
            Map.of(BatonItems.OUTSIDE_TARGETS, AttributeValue.fromS("ams3 ftp://ams3.example\n")));
    store.outsideTargets(malformed);

    beatAt(0);
    beatAt(1);
    beatAt(2);

    assertThat(malformed.problem())
        .startsWith(BatonItems.OUTSIDE_TARGETS + ": " + BatonItems.OUTSIDE_TARGETS_RULE);
    assertThat(prober.asked).isEmpty();
    assertThat(store.written()).hasSize(3).allSatisfy(b -> assertThat(b.outside()).isEmpty());
    assertThat(agent.roles().snapshot().role()).as("the baton still rules").isEqualTo(Role.ACTIVE);

    store.outsideTargets(OutsideTargets.of(PUBLISHED));
    beatAt(3);
    assertThat(beatAt(4)).as("probes resume once the attribute is fixed").hasSize(2);
  }

  @Test
  void aProberThatThrowsCostsTheBeatItsProbesOnly() {
    agent.withOutsideProber(
        targets -> {
          throw new IllegalStateException("prober bug");
        });
    store.outsideTargets(OutsideTargets.of(PUBLISHED));

    beatAt(0);
    beatAt(1);

    assertThat(store.written()).hasSize(2);
    assertThat(store.last().outside()).isEmpty();
    assertThat(store.last().status()).isEqualTo(HeartbeatStatus.HEALTHY);
  }

  @Test
  void theOutsideProbeTimeoutFollowsTheMonitorsRuleCappedByTheAppProbes() {
    AgentConfig.Probe probe = agent.config().probe();
    AgentConfig slow =
        agent.config().toBuilder()
            .heartbeatInterval(Duration.ofSeconds(10))
            .fenceAfter(Duration.ofSeconds(30))
            .probeTimeout(Duration.ofSeconds(3))
            .build();
    AgentConfig tight = agent.config().toBuilder().probeTimeout(Duration.ofMillis(300)).build();

    assertThat(probe.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(Agent.outsideProbeTimeout(agent.config()))
        .as("40 % of a 1 s interval")
        .isEqualTo(Duration.ofMillis(400));
    assertThat(Agent.outsideProbeTimeout(slow)).as("at most 2 s").isEqualTo(Duration.ofSeconds(2));
    assertThat(Agent.outsideProbeTimeout(tight))
        .as("never longer than probe.timeout")
        .isEqualTo(Duration.ofMillis(300));
  }
}
