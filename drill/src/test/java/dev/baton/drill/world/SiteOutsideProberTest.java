package dev.baton.drill.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.drill.droplet.SimulatedApp;
import dev.baton.port.OutsideProber;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A drill droplet's outside probes go through its own region's paths, so the path faults show. */
class SiteOutsideProberTest {
  /** What the monitor publishes: the internet's path, which a droplet's probe must not take. */
  private static final Map<String, URI> PUBLISHED =
      Map.of(
          "nyc1", URI.create("http://127.0.0.1:9/health"),
          "ams3", URI.create("http://127.0.0.1:9/health"));

  private SimulatedApp nyc1;
  private SimulatedApp ams3;
  private PublicEndpoints endpoints;

  @BeforeEach
  void start() {
    nyc1 = SimulatedApp.start("nyc1-1");
    ams3 = SimulatedApp.start("ams3-1");
    endpoints =
        new PublicEndpoints(
            Map.of(
                "nyc1", () -> List.of(nyc1.healthUrl()), "ams3", () -> List.of(ams3.healthUrl())),
            Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    endpoints.close();
    nyc1.close();
    ams3.close();
  }

  private Map<String, OutsideProber.Outcome> probeFrom(String site) {
    return new SiteOutsideProber(site, endpoints, Duration.ofSeconds(1)).probe(PUBLISHED);
  }

  @Test
  void probesReachTheRegionsThroughTheDropletsOwnPath() {
    assertThat(probeFrom("ams3").get("nyc1").ok()).isTrue();
    assertThat(probeFrom("nyc1").get("ams3").ok()).isTrue();
  }

  @Test
  void cutIngressFailsOtherRegionsProbesOfTheRegionOnly() {
    endpoints.cutIngress("nyc1", true);

    Map<String, OutsideProber.Outcome> fromAms3 = probeFrom("ams3");
    Map<String, OutsideProber.Outcome> fromNyc1 = probeFrom("nyc1");

    assertThat(fromAms3.get("nyc1").ok()).isFalse();
    assertThat(fromAms3.get("nyc1").detail()).doesNotContain("127.0.0.1", "/health");
    assertThat(fromAms3.get("ams3").ok()).isTrue();
    assertThat(fromNyc1.get("ams3").ok()).as("nyc1's way out is fine").isTrue();
  }

  @Test
  void cutEgressFailsTheRegionsProbesOfOthers() {
    endpoints.cutEgress("nyc1", true);

    assertThat(probeFrom("nyc1").get("ams3").ok()).isFalse();
    assertThat(probeFrom("ams3").get("nyc1").ok()).as("nyc1 is reachable from outside").isTrue();
  }
}
