package dev.baton.domain;

import static dev.baton.domain.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outside view's rules (docs/decisions/0023), one at a time, on hand-built evidence. */
class OutsideJudgementTest {
  private static final Instant NOW = at(600);

  private final FleetView fleet = new FleetView();
  private long seq = 1;

  private static Topology topology(String... regions) {
    List<RegionConfig> configs = new ArrayList<>();
    for (int i = 0; i < regions.length; i++) {
      configs.add(
          new RegionConfig(
              regions[i],
              i + 1,
              "us-east-1",
              "lb-" + regions[i],
              null,
              "https://" + regions[i] + ".shop.example/health"));
    }
    return new Topology("shop", configs, List.of(), Timings.DEFAULTS, FailoverPolicy.DEFAULTS);
  }

  /**
   * A beat of {@code prober} in {@code region}, sent at {@code sentAt}, with its outside probes.
   */
  private void peer(String region, String prober, Instant sentAt, Map<String, OutsideProbe> seen) {
    fleet.apply(
        new Heartbeat(
                region, prober, HeartbeatStatus.HEALTHY, seq++, sentAt, Map.of(), "test", null)
            .withOutside(seen));
  }

  private void aws(String awsRegion, Instant at, Map<String, OutsideProbe> seen) {
    fleet.recordOutside(
        new OutsideReport(OutsideReport.awsPerspective(awsRegion), "stream", at, seen));
  }

  private static Map<String, OutsideProbe> seen(Object... pairs) {
    Map<String, OutsideProbe> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (OutsideProbe) pairs[i + 1]);
    }
    return out;
  }

  private static OutsideProbe up() {
    return OutsideProbe.up("HTTP 200");
  }

  private static OutsideProbe down(Instant since) {
    return OutsideProbe.down("connection refused", since);
  }

  @Test
  void twoPerspectivesAgreeingMakeARegionDownSinceTheLaterOfTheirRuns() {
    Topology t = topology("nyc1", "ams3");
    peer("ams3", "ams3-1", NOW.minusSeconds(2), seen("nyc1", down(at(580))));
    peer("ams3", "ams3-2", NOW.minusSeconds(1), seen("nyc1", down(at(582))));
    aws("us-east-2", NOW.minusSeconds(3), seen("nyc1", down(at(584)), "ams3", up()));

    OutsideJudgement j = OutsideJudgement.judge(fleet, t, NOW);

    OutsideView nyc1 = j.of("nyc1");
    assertThat(nyc1.verdict()).isEqualTo(OutsideVerdict.DOWN);
    // ams3's probers both failed by 582 (its majority of 2 is 2); AWS since 584: both by 584.
    assertThat(nyc1.downSince()).isEqualTo(at(584));
    assertThat(nyc1.describe())
        .startsWith("outside down: 2 of 2 perspectives")
        .contains("ams3 down (2 of 2 probers fail: connection refused)")
        .contains("aws:us-east-2 down (1 of 1 prober fails");
    assertThat(j.of("ams3").verdict())
        .as("ams3 is probed by AWS only: one perspective's word decides nothing")
        .isEqualTo(OutsideVerdict.UP);
    assertThat(j.suspects()).isEmpty();
  }

  @Test
  void onePerspectiveAloneNeverMakesARegionDown() {
    Topology t = topology("nyc1", "ams3");
    peer("ams3", "ams3-1", NOW.minusSeconds(2), seen("nyc1", down(at(580))));

    OutsideView nyc1 = OutsideJudgement.judge(fleet, t, NOW).of("nyc1");

    assertThat(nyc1.verdict()).isEqualTo(OutsideVerdict.UNKNOWN);
    assertThat(nyc1.describe()).contains("one perspective alone never decides");
  }

  @Test
  void aPerspectiveThatSeesEverythingDownWhileAnotherSeesUpIsSuspectAndLeftOut() {
    // ams3's egress is cut: it sees nyc1 down, AWS sees nyc1 up. Two regions: AWS breaks the tie.
    Topology t = topology("nyc1", "ams3");
    peer("ams3", "ams3-1", NOW.minusSeconds(2), seen("nyc1", down(at(580))));
    peer("ams3", "ams3-2", NOW.minusSeconds(2), seen("nyc1", down(at(580))));
    peer("nyc1", "nyc1-1", NOW.minusSeconds(2), seen("ams3", up()));
    aws("us-east-2", NOW.minusSeconds(1), seen("nyc1", up(), "ams3", up()));

    OutsideJudgement j = OutsideJudgement.judge(fleet, t, NOW);

    assertThat(j.suspects())
        .extracting(OutsideJudgement.Suspect::perspective)
        .containsExactly("ams3");
    assertThat(j.suspects().get(0).reason())
        .contains("perspective ams3 sees every region it probes down (nyc1)")
        .contains("nyc1 (up for aws:us-east-2)");
    OutsideView nyc1 = j.of("nyc1");
    assertThat(nyc1.verdict()).isEqualTo(OutsideVerdict.UP);
    assertThat(nyc1.perspectives())
        .filteredOn(PerspectiveView::suspect)
        .extracting(PerspectiveView::perspective)
        .containsExactly("ams3");
    assertThat(nyc1.describe())
        .contains("ams3 down (2 of 2 probers fail: connection refused), left out as suspect");
  }

  @Test
  void anIngressCutIsNotMistakenForTheProbersEgress() {
    // nyc1's ingress is cut: ams3 sees it down and nobody sees it up, so ams3 is not suspect.
    Topology t = topology("nyc1", "ams3");
    peer("ams3", "ams3-1", NOW.minusSeconds(2), seen("nyc1", down(at(580))));
    aws("us-east-2", NOW.minusSeconds(1), seen("nyc1", down(at(581)), "ams3", up()));

    OutsideJudgement j = OutsideJudgement.judge(fleet, t, NOW);

    assertThat(j.suspects()).isEmpty();
    assertThat(j.of("nyc1").verdict()).isEqualTo(OutsideVerdict.DOWN);
  }

  @Test
  void threeRegionsOutvoteOneCutEgressWithoutAws() {
    Topology t = topology("nyc1", "ams3", "sfo3");
    peer("sfo3", "sfo3-1", NOW.minusSeconds(2), seen("nyc1", down(at(580)), "ams3", down(at(580))));
    peer("ams3", "ams3-1", NOW.minusSeconds(2), seen("nyc1", up(), "sfo3", up()));
    peer("nyc1", "nyc1-1", NOW.minusSeconds(2), seen("ams3", up(), "sfo3", up()));

    OutsideJudgement j = OutsideJudgement.judge(fleet, t, NOW);

    assertThat(j.suspects())
        .extracting(OutsideJudgement.Suspect::perspective)
        .containsExactly("sfo3");
    assertThat(j.of("nyc1").verdict()).isEqualTo(OutsideVerdict.UP);
    assertThat(j.of("ams3").verdict()).isEqualTo(OutsideVerdict.UP);
  }

  @Test
  void aSplitPerspectiveIsUndecidedAndATieBetweenPerspectivesIsNotDown() {
    Topology t = topology("nyc1", "ams3");
    peer("ams3", "ams3-1", NOW.minusSeconds(2), seen("nyc1", down(at(580))));
    peer("ams3", "ams3-2", NOW.minusSeconds(2), seen("nyc1", up()));
    aws("us-east-2", NOW.minusSeconds(1), seen("nyc1", down(at(580)), "ams3", up()));

    OutsideView nyc1 = OutsideJudgement.judge(fleet, t, NOW).of("nyc1");

    assertThat(nyc1.perspectives())
        .filteredOn(p -> p.perspective().equals("ams3"))
        .extracting(PerspectiveView::verdict)
        .containsExactly(OutsideVerdict.UNKNOWN);
    assertThat(nyc1.verdict())
        .as("one counted perspective (AWS) sees it down: not enough")
        .isEqualTo(OutsideVerdict.UNKNOWN);
  }

  @Test
  void staleProbesAndARegionsOwnAgentsDoNotCount() {
    Topology t = topology("nyc1", "ams3");
    // 13 s old: beyond staleAfter (12 s).
    peer("ams3", "ams3-1", NOW.minusSeconds(13), seen("nyc1", down(at(570))));
    aws("us-east-2", NOW.minusSeconds(13), seen("nyc1", down(at(570))));
    // nyc1's own agent says nothing about nyc1 from outside.
    peer("nyc1", "nyc1-1", NOW.minusSeconds(1), seen("nyc1", down(at(570))));

    OutsideView nyc1 = OutsideJudgement.judge(fleet, t, NOW).of("nyc1");

    assertThat(nyc1.perspectives()).isEmpty();
    assertThat(nyc1.verdict()).isEqualTo(OutsideVerdict.UNKNOWN);
  }

  @Test
  void aRegionWithoutAHealthUrlIsJudgedFromInsideOnly() {
    List<RegionConfig> configs =
        List.of(
            new RegionConfig("nyc1", 1, "us-east-1", "lb-nyc1", null, null),
            new RegionConfig("ams3", 2, "us-east-1", "lb-ams3", null, "https://ams3.example/h"));
    Topology t =
        new Topology("shop", configs, List.of(), Timings.DEFAULTS, FailoverPolicy.DEFAULTS);
    peer("ams3", "ams3-1", NOW.minusSeconds(1), seen("nyc1", down(at(580))));
    aws("us-east-2", NOW.minusSeconds(1), seen("nyc1", down(at(580))));

    OutsideJudgement j = OutsideJudgement.judge(fleet, t, NOW);

    assertThat(j.enabled()).isTrue();
    assertThat(j.of("nyc1").verdict()).isEqualTo(OutsideVerdict.INSIDE_ONLY);
    assertThat(j.of("nyc1").describe()).isEqualTo("judged from inside only (no healthUrl)");
  }

  @Test
  void aSkewedAgentsDownSinceMovesWithTheStoresClock() {
    Topology t = topology("nyc1", "ams3");
    // Agent clock 30 s behind: the store saw the beat at NOW-1, the agent stamped NOW-31.
    fleet.apply(
        new Heartbeat(
                "ams3",
                "ams3-1",
                HeartbeatStatus.HEALTHY,
                seq++,
                NOW.minusSeconds(31),
                Map.of(),
                "test",
                NOW.minusSeconds(1))
            .withOutside(seen("nyc1", down(NOW.minusSeconds(35)))));
    aws("us-east-2", NOW.minusSeconds(1), seen("nyc1", down(NOW.minusSeconds(6)), "ams3", up()));

    OutsideView nyc1 = OutsideJudgement.judge(fleet, t, NOW).of("nyc1");

    assertThat(nyc1.verdict()).isEqualTo(OutsideVerdict.DOWN);
    // ams3's run began 4 s before its beat: NOW-5 on the store's clock; AWS's at NOW-6.
    assertThat(nyc1.downSince()).isEqualTo(NOW.minusSeconds(5));
  }

  @Test
  void probeRunsKeepOneDownSinceForAWholeFailure() {
    OutsideProbeRuns runs = new OutsideProbeRuns(java.time.Duration.ofSeconds(10));
    runs.note("nyc1", true, "HTTP 200", at(0));
    OutsideProbe first = runs.note("nyc1", false, "refused", at(10));
    OutsideProbe later = runs.note("nyc1", false, "refused", at(15));
    OutsideProbe again = runs.note("nyc1", true, "HTTP 200", at(20));
    OutsideProbe next = runs.note("nyc1", false, "refused", at(30));
    OutsideProbe never = runs.note("sfo3", false, "refused", at(30));
    runs.note("ams3", true, "HTTP 200", at(0));
    OutsideProbe rare = runs.note("ams3", false, "refused", at(60));

    assertThat(first.downSince()).isEqualTo(at(5));
    assertThat(later.downSince()).isEqualTo(at(5));
    assertThat(again.ok()).isTrue();
    assertThat(next.downSince()).isEqualTo(at(25));
    assertThat(never.downSince()).as("never reached: its first failure").isEqualTo(at(30));
    assertThat(rare.downSince())
        .as("a minute since the last look: no earlier than half an interval before the failure")
        .isEqualTo(at(55));
  }
}
