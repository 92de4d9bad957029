package dev.baton.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.domain.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionWiringTest {
  private static final String TOPOLOGY =
      """
      app: shop
      regions:
        - {name: nyc1, priority: 1, awsRegion: us-east-1, publicAddress: 203.0.113.10}
        - {name: ams3, priority: 2, awsRegion: eu-west-1, publicAddress: 203.0.113.20}
      routers:
        - type: cloudflare-dns
          settings: {zone: shop.test, recordName: app}
      """;

  @Test
  void aMissingTableIsNamed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);

    assertThatThrownBy(
            () ->
                PromotionWiring.fromEnvironment(
                    Map.of(
                        "BATON_TOPOLOGY_FILE", file.toString(),
                        "BATON_CF_TOKEN_SECRET", "CF_TOKEN",
                        "BATON_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:baton")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("BATON_TABLE is required");
  }

  @Test
  void aRouterWithoutItsTokenReferenceIsAConfigurationError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);

    assertThatThrownBy(
            () ->
                PromotionWiring.fromEnvironment(
                    Map.of("BATON_TOPOLOGY_FILE", file.toString(), "BATON_TABLE", "baton")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("BATON_CF_TOKEN_SECRET");
  }

  @Test
  void noTopologyIsNamed() {
    assertThatThrownBy(() -> PromotionWiring.fromEnvironment(Map.of("BATON_TABLE", "baton")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BATON_TOPOLOGY");
  }

  @Test
  void secretsPickSecretsManagerOnlyForArns() {
    assertThat(PromotionWiring.secrets(Map.of("CF_TOKEN", "local-token"), null).secret("CF_TOKEN"))
        .isEqualTo("local-token");
  }
}
