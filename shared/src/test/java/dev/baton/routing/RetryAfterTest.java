package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

  private static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    values.forEach((k, v) -> map.put(k, List.of(v)));
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @Test
  void secondsAreTakenAsSaid() {
    assertThat(RetryAfter.fromHeaders(headers(Map.of("retry-after", "29")), NOON))
        .contains(Duration.ofSeconds(29));
  }

  @Test
  void anHttpDateIsTheTimeLeftUntilThen() {
    assertThat(
            RetryAfter.fromHeaders(
                headers(Map.of("retry-after", "Thu, 26 Nov 2026 12:00:45 GMT")), NOON))
        .contains(Duration.ofSeconds(45));
  }

  @Test
  void aUsedUpDigitalOceanQuotaWaitsForTheReset() {
    long reset = Instant.parse("2026-11-26T12:10:00Z").getEpochSecond();
    assertThat(
            RetryAfter.fromHeaders(
                headers(
                    Map.of("ratelimit-remaining", "0", "ratelimit-reset", String.valueOf(reset))),
                NOON))
        .contains(Duration.ofMinutes(10));
  }

  @Test
  void retryAfterWinsOverTheReset() {
    assertThat(
            RetryAfter.fromHeaders(
                headers(
                    Map.of("retry-after", "3", "ratelimit-remaining", "0", "ratelimit-reset", "1")),
                NOON))
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void quotaLeftOrGarbageSaysNothing() {
    assertThat(
            RetryAfter.fromHeaders(
                headers(Map.of("ratelimit-remaining", "12", "ratelimit-reset", "1")), NOON))
        .isEmpty();
    assertThat(RetryAfter.fromHeaders(headers(Map.of("retry-after", "soon")), NOON)).isEmpty();
  }
}
