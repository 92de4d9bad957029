package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderEndpointTest {
  private final ProviderEndpoint digitalOcean =
      new ProviderEndpoint(URI.create("https://api.digitalocean.com/"), "arn:do");

  @Test
  void onlyLinksToTheApiHostAreSameOrigin() {
    assertThat(digitalOcean.sameOrigin(URI.create("https://api.digitalocean.com/v2/x?page=2")))
        .isTrue();
    assertThat(digitalOcean.sameOrigin(URI.create("https://api.digitalocean.com:443/v2/x")))
        .isTrue();
    assertThat(digitalOcean.sameOrigin(URI.create("http://api.digitalocean.com/v2/x"))).isFalse();
    assertThat(digitalOcean.sameOrigin(URI.create("https://api.digitalocean.com:8443/v2/x")))
        .isFalse();
    assertThat(
            digitalOcean.sameOrigin(URI.create("https://api.digitalocean.com.evil.example/v2/x")))
        .isFalse();
  }

  @Test
  void theTrailingSlashIsDroppedSoPathsJoinCleanly() {
    assertThat(digitalOcean.resolve("/v2/domains/x"))
        .hasToString("https://api.digitalocean.com/v2/domains/x");
  }

  @Test
  void everyProblemIsNamed() {
    assertThatThrownBy(() -> new ProviderEndpoint(URI.create("ftp://x"), " ", Duration.ZERO))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("endpoint.baseUrl: must be an absolute http(s) URL, was ftp://x")
        .hasMessageContaining("endpoint.tokenReference: is required")
        .hasMessageContaining("endpoint.timeout: must be positive");
  }
}
