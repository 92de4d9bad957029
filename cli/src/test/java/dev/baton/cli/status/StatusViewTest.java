package dev.baton.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.domain.Baton;
import dev.baton.domain.BatonMode;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.HeartbeatStatus;
import dev.baton.domain.OutsideVerdict;
import dev.baton.domain.OutsideView;
import dev.baton.domain.PerspectiveView;
import dev.baton.domain.PromotionKind;
import dev.baton.domain.RegionHealth;
import dev.baton.domain.RegionState;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.promotion.StepStatus;
import dev.baton.store.TableSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusViewTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:10:00Z");

  private final TableSnapshot snapshot =
      new TableSnapshot(
          NOW,
          Optional.of(
              new Baton(
                  "ams3",
                  2,
                  BatonMode.FROZEN,
                  NOW.minusSeconds(300),
                  "failover from nyc1",
                  "p-1",
                  List.of(),
                  3)),
          Map.of(
              "nyc1",
              new RegionState(
                  "nyc1",
                  RegionHealth.UNHEALTHY,
                  NOW.minusSeconds(320),
                  null,
                  null,
                  0,
                  2,
                  "0 of 2 up",
                  4),
              "ams3",
              new RegionState(
                  "ams3",
                  RegionHealth.HEALTHY,
                  NOW.minusSeconds(3600),
                  null,
                  null,
                  2,
                  2,
                  "2 of 2 up",
                  9)),
          List.of(
              new Heartbeat(
                  "ams3",
                  "ams3-1",
                  HeartbeatStatus.HEALTHY,
                  42,
                  NOW.minusSeconds(2),
                  Map.of("app", new Check(true, 3, "status 200")),
                  "1.0",
                  null),
              new Heartbeat(
                  "nyc1",
                  "nyc1-1",
                  HeartbeatStatus.UNHEALTHY,
                  17,
                  NOW.minusSeconds(4),
                  Map.of("app", new Check(false, 2, "connection refused")),
                  "1.0",
                  null)),
          List.of(
              new PromotionRecord(
                  "p-1",
                  PromotionKind.AUTO_FAILOVER,
                  "nyc1",
                  "ams3",
                  1,
                  2,
                  "baton:health-transition",
                  "nyc1 UNHEALTHY",
                  "",
                  List.of(),
                  false,
                  false,
                  PromotionStatus.FAILED,
                  List.of(
                      new StepRecord(
                          "validate",
                          StepStatus.SUCCEEDED,
                          1,
                          "",
                          NOW.minusSeconds(301),
                          NOW.minusSeconds(301)),
                      new StepRecord(
                          "shift:do-global-lb",
                          StepStatus.FAILED,
                          5,
                          "HTTP 500",
                          NOW.minusSeconds(300),
                          NOW.minusSeconds(290))),
                  NOW.minusSeconds(301),
                  NOW.minusSeconds(290),
                  4,
                  List.of())),
          List.of(),
          List.of("item REGION#sfo3/STATE cannot be read: health: must be one of ..."));

  @Test
  void tableShowsTheBatonEachRegionItsInstancesAndThePromotions() {
    String table = StatusView.table(snapshot);
    assertThat(table)
        .startsWith(
            "baton: ams3 is active, epoch 2, mode FROZEN, since 2026-11-26T12:05:00Z (5m ago)\n");
    // The active region first.
    assertThat(table.indexOf("ams3    active")).isLessThan(table.indexOf("nyc1    standby"));
    assertThat(table).contains("nyc1    standby  UNHEALTHY  5m ago   0/2");
    assertThat(table)
        .contains("nyc1/nyc1-1  UNHEALTHY  17   4.0s ago   FAIL 2 ms connection refused");
    assertThat(table)
        .contains(
            "p-1        AUTO_FAILOVER  nyc1 -> ams3  2      FAILED at shift:do-global-lb  5m ago");
    assertThat(table).contains("warning: item REGION#sfo3/STATE cannot be read");
  }

  @Test
  void jsonCarriesTheSameFacts() {
    JsonNode json = StatusView.json(snapshot);
    assertThat(json.at("/baton/activeRegion").asText()).isEqualTo("ams3");
    assertThat(json.at("/baton/mode").asText()).isEqualTo("FROZEN");
    assertThat(json.at("/regions/0/name").asText()).isEqualTo("ams3");
    assertThat(json.at("/regions/0/active").asBoolean()).isTrue();
    assertThat(json.at("/regions/1/health").asText()).isEqualTo("UNHEALTHY");
    assertThat(json.at("/regions/1/instances/0/checks/app/detail").asText())
        .isEqualTo("connection refused");
    assertThat(json.at("/promotions/0/failedStep").asText()).isEqualTo("shift:do-global-lb");
    assertThat(json.at("/promotions/0/steps/1/ms").asLong()).isEqualTo(10_000);
    assertThat(json.at("/problems/0").asText()).contains("REGION#sfo3");
  }

  /** The snapshot plus an agent beating as "nyc9", a region the topology does not name. */
  private TableSnapshot withStrayAgent() {
    List<Heartbeat> beats = new java.util.ArrayList<>(snapshot.heartbeats());
    beats.add(
        new Heartbeat(
            "nyc9",
            "nyc9-1",
            HeartbeatStatus.HEALTHY,
            3,
            NOW.minusSeconds(1),
            Map.of("app", new Check(true, 3, "status 200")),
            "1.0",
            null));
    return new TableSnapshot(
        NOW,
        snapshot.baton(),
        snapshot.regionStates(),
        beats,
        snapshot.promotions(),
        snapshot.audit(),
        snapshot.problems());
  }

  @Test
  void aRegionTheTopologyDoesNotNameIsShownAsIgnoredWithAWarning() {
    Optional<java.util.Set<String>> topology = Optional.of(java.util.Set.of("nyc1", "ams3"));

    String table = StatusView.table(withStrayAgent(), topology);
    JsonNode json = StatusView.json(withStrayAgent(), topology);

    assertThat(table).contains("nyc9    ignored  not in the topology");
    assertThat(table)
        .contains(
            "warning: nyc9 (1 instance) is not in the topology: Baton ignores its beats (metric"
                + " RecordsIgnored, cause unknown-region)");
    assertThat(json.at("/ignoredRegions/source").asText()).isEqualTo("topology");
    assertThat(json.at("/ignoredRegions/regions/0").asText()).isEqualTo("nyc9");
    assertThat(json.get("regions"))
        .extracting(r -> r.get("name").asText() + "=" + r.get("ignored").asBoolean())
        .containsExactly("ams3=false", "nyc1=false", "nyc9=true");
  }

  @Test
  void withoutATopologyARegionBeatingWithNoStoredStateIsGuessedIgnored() {
    String table = StatusView.table(withStrayAgent());
    JsonNode json = StatusView.json(withStrayAgent());

    assertThat(table).contains("nyc9    ignored  not in the topology?");
    assertThat(table).contains("give --topology to be sure");
    assertThat(json.at("/ignoredRegions/source").asText()).isEqualTo("guess");
    assertThat(json.at("/ignoredRegions/regions/0").asText()).isEqualTo("nyc9");
  }

  @Test
  void aRegionOfTheTopologyNotJudgedYetIsNotIgnored() {
    Optional<java.util.Set<String>> topology =
        Optional.of(java.util.Set.of("nyc1", "ams3", "nyc9"));

    String table = StatusView.table(withStrayAgent(), topology);

    assertThat(table).contains("nyc9    standby  not judged yet");
    assertThat(table).doesNotContain("ignored");
    assertThat(StatusView.table(snapshot)).doesNotContain("ignored");
  }

  /**
   * The snapshot with outside views: nyc1 down from two perspectives while a third, suspect, is
   * left out; ams3 has no health URL.
   */
  private TableSnapshot withOutsideViews() {
    RegionState nyc1 = snapshot.regionStates().get("nyc1");
    RegionState ams3 = snapshot.regionStates().get("ams3");
    OutsideView down =
        new OutsideView(
            "nyc1",
            OutsideVerdict.DOWN,
            List.of(
                new PerspectiveView(
                    "ams3", OutsideVerdict.DOWN, 2, 2, NOW.minusSeconds(40), false, "timeout"),
                new PerspectiveView(
                    "aws:us-east-2",
                    OutsideVerdict.DOWN,
                    1,
                    1,
                    NOW.minusSeconds(38),
                    false,
                    "connection refused"),
                new PerspectiveView(
                    "fra1", OutsideVerdict.DOWN, 3, 3, NOW.minusSeconds(90), true, "timeout"),
                new PerspectiveView("sgp1", OutsideVerdict.UP, 0, 2, null, false, "")),
            NOW.minusSeconds(38));
    return new TableSnapshot(
        NOW,
        snapshot.baton(),
        Map.of(
            "nyc1",
            withOutside(nyc1, down),
            "ams3",
            withOutside(ams3, OutsideView.insideOnly("ams3"))),
        snapshot.heartbeats(),
        snapshot.promotions(),
        snapshot.audit(),
        snapshot.problems());
  }

  private static RegionState withOutside(RegionState s, OutsideView view) {
    return new RegionState(
        s.region(),
        s.health(),
        s.since(),
        s.lastUpAt(),
        s.upSince(),
        s.healthyInstances(),
        s.expectedInstances(),
        s.reason(),
        s.version(),
        view);
  }

  @Test
  void tableShowsEachRegionsOutsideVerdictAndEveryPerspectiveWithSuspectsMarked() {
    String table = StatusView.table(withOutsideViews());

    assertThat(table).contains("REGION  OUTSIDE");
    assertThat(table)
        .contains(
            "nyc1    down since 38s ago          ams3 down 2/2, aws:us-east-2 down 1/1,"
                + " fra1 down 3/3 (suspect: left out), sgp1 up 2/2\n");
    assertThat(table).contains("ams3    inside only (no healthUrl)\n");
  }

  @Test
  void aStateWithoutAnOutsideViewShowsNoOutsideTable() {
    assertThat(StatusView.table(snapshot)).doesNotContain("OUTSIDE").doesNotContain("inside only");
  }

  @Test
  void jsonCarriesTheOutsideViewAndNullWithoutOne() {
    JsonNode json = StatusView.json(withOutsideViews());
    JsonNode nyc1 = json.at("/regions/1/outside");

    assertThat(json.at("/regions/1/name").asText()).isEqualTo("nyc1");
    assertThat(nyc1.path("verdict").asText()).isEqualTo("DOWN");
    assertThat(nyc1.path("downSince").asText()).isEqualTo("2026-11-26T12:09:22Z");
    assertThat(nyc1.path("perspectives"))
        .extracting(
            p ->
                p.path("perspective").asText()
                    + " "
                    + p.path("verdict").asText()
                    + " "
                    + p.path("failing").asInt()
                    + "/"
                    + p.path("probers").asInt()
                    + (p.path("suspect").asBoolean() ? " suspect" : ""))
        .containsExactly(
            "ams3 DOWN 2/2", "aws:us-east-2 DOWN 1/1", "fra1 DOWN 3/3 suspect", "sgp1 UP 0/2");
    assertThat(json.at("/regions/0/outside/verdict").asText()).isEqualTo("INSIDE_ONLY");
    assertThat(json.at("/regions/0/outside/perspectives")).isEmpty();
    assertThat(StatusView.json(snapshot).at("/regions/1/outside").isNull()).isTrue();
  }
}
