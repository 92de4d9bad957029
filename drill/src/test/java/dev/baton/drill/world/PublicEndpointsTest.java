package dev.baton.drill.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.drill.droplet.SimulatedApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PublicEndpointsTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private SimulatedApp nyc1a;
  private SimulatedApp nyc1b;
  private SimulatedApp ams3a;
  private PublicEndpoints endpoints;

  @BeforeEach
  void start() {
    nyc1a = SimulatedApp.start("nyc1-1");
    nyc1b = SimulatedApp.start("nyc1-2");
    ams3a = SimulatedApp.start("ams3-1");
    Supplier<List<URI>> nyc1 = () -> List.of(nyc1a.healthUrl(), nyc1b.healthUrl());
    Supplier<List<URI>> ams3 = () -> List.of(ams3a.healthUrl());
    endpoints = new PublicEndpoints(Map.of("nyc1", nyc1, "ams3", ams3), Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    endpoints.close();
    nyc1a.close();
    nyc1b.close();
    ams3a.close();
  }

  @Test
  void forwardsHealthToTheRegionsDropletsInTurn() {
    String first = get(PublicEndpoints.INTERNET, "nyc1");
    String second = get(PublicEndpoints.INTERNET, "nyc1");
    assertThat(List.of(first, second))
        .containsExactlyInAnyOrder("200 ok nyc1-1\n", "200 ok nyc1-2\n");
    assertThat(get(PublicEndpoints.INTERNET, "ams3")).isEqualTo("200 ok ams3-1\n");
  }

  @Test
  void skipsADropletWhoseAppIsDownAndAnswers503WhenNoneAnswers() {
    nyc1a.stop();
    assertThat(get(PublicEndpoints.INTERNET, "nyc1")).isEqualTo("200 ok nyc1-2\n");
    assertThat(get(PublicEndpoints.INTERNET, "nyc1")).isEqualTo("200 ok nyc1-2\n");
    nyc1b.slow(Duration.ofSeconds(2));
    assertThat(get(PublicEndpoints.INTERNET, "nyc1")).startsWith("503 no healthy droplet in nyc1");
  }

  @Test
  void cutIngressRefusesEveryoneOutsideTheRegionButNotItsOwnDroplets() {
    endpoints.cutIngress("nyc1", true);
    assertThat(get(PublicEndpoints.INTERNET, "nyc1")).isEqualTo("refused");
    assertThat(get("ams3", "nyc1")).isEqualTo("refused");
    assertThat(get("nyc1", "nyc1")).startsWith("200 ok nyc1-");
    assertThat(get(PublicEndpoints.INTERNET, "ams3")).isEqualTo("200 ok ams3-1\n");
    endpoints.cutIngress("nyc1", false);
    assertThat(get(PublicEndpoints.INTERNET, "nyc1")).startsWith("200 ok nyc1-");
  }

  @Test
  void cutEgressKeepsTheRegionsDropletsFromOtherRegionsOnly() {
    endpoints.cutEgress("ams3", true);
    assertThat(get("ams3", "nyc1")).isEqualTo("refused");
    assertThat(get("ams3", "ams3")).isEqualTo("200 ok ams3-1\n");
    assertThat(get(PublicEndpoints.INTERNET, "ams3")).isEqualTo("200 ok ams3-1\n");
    assertThat(get("nyc1", "ams3")).isEqualTo("200 ok ams3-1\n");
    endpoints.cutEgress("ams3", false);
    assertThat(get("ams3", "nyc1")).startsWith("200 ok nyc1-");
  }

  @Test
  void namesTheRegionsItKnowsWhenAskedForAnother() {
    assertThatThrownBy(() -> endpoints.url("nyc1", "sfo3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sfo3")
        .hasMessageContaining("nyc1");
    assertThatThrownBy(() -> endpoints.cutIngress("sfo3", true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** "STATUS BODY", or "refused" when the connection ended without an answer. */
  private String get(String site, String region) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoints.url(site, region))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return "refused";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
