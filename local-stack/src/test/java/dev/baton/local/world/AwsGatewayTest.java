package dev.baton.local.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The gateway's checks that need no moto. */
class AwsGatewayTest {
  private final AwsGateway gateway = AwsGateway.start(URI.create("http://127.0.0.1:9"), 1);

  @Test
  void theSignedRegionIsReadFromTheAuthorizationHeaderOrAPresignedQuery() {
    assertThat(
            AwsGateway.signedRegion(
                "AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/dynamodb/aws4_request,"
                    + " SignedHeaders=host;x-amz-date, Signature=abc",
                null))
        .isEqualTo("eu-west-1");
    assertThat(
            AwsGateway.signedRegion(
                null,
                "Action=X&X-Amz-Credential=testing%2F20260101%2Fus-east-2%2Fsns%2Faws4_request"))
        .isEqualTo("us-east-2");
    assertThat(AwsGateway.signedRegion("Bearer token", "a=b")).isNull();
    assertThat(AwsGateway.signedRegion(null, null)).isNull();
  }

  @Test
  void aThrottleFractionOutsideZeroToOneIsRejectedNamingTheRegion() {
    assertThatThrownBy(() -> gateway.throttle("us-east-1", 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("us-east-1")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> gateway.throttle("us-east-1", -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateway.throttle("us-east-1", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankSitesAndRegionsAreRejected() {
    assertThatThrownBy(() -> gateway.endpoint(" ", "us-east-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("site");
    assertThatThrownBy(() -> gateway.isolate(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("awsRegion");
  }

  @Test
  void aPathHasOneListenerAndClosingStopsIt() throws Exception {
    URI nyc1 = gateway.endpoint("nyc1", "us-east-1");
    assertThat(gateway.endpoint("nyc1", "us-east-1")).isEqualTo(nyc1);
    assertThat(gateway.endpoint("ams3", "us-east-1")).isNotEqualTo(nyc1);
    assertThat(gateway.stats()).hasSize(2);

    gateway.close();

    HttpRequest request = HttpRequest.newBuilder(nyc1).GET().build();
    assertThatThrownBy(
            () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> gateway.endpoint("nyc1", "eu-west-1"))
        .isInstanceOf(IllegalStateException.class);
  }
}
