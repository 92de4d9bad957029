package dev.baton.routing;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a provider asked us to wait: {@code retry-after} (seconds or an HTTP date), or for
 * DigitalOcean, when the quota is used up ({@code ratelimit-remaining: 0}) without {@code
 * retry-after}, until {@code ratelimit-reset} (Unix seconds).
 */
final class RetryAfter {
  private RetryAfter() {}

  static Optional<Duration> fromHeaders(HttpHeaders headers, Clock clock) {
    Optional<String> retryAfter = headers.firstValue("retry-after");
    if (retryAfter.isPresent()) {
      Optional<Duration> parsed = parse(retryAfter.get().trim(), clock);
      if (parsed.isPresent()) {
        return parsed;
      }
    }
    boolean exhausted =
        headers.firstValue("ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent();
    if (exhausted) {
      return headers
          .firstValue("ratelimit-reset")
          .flatMap(RetryAfter::epochSeconds)
          .map(reset -> Duration.between(clock.instant(), reset))
          .map(d -> d.isNegative() ? Duration.ZERO : d);
    }
    return Optional.empty();
  }

  private static Optional<Duration> parse(String value, Clock clock) {
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        // Neither form: the header is unusable, so the caller falls back to its own backoff.
        return Optional.empty();
      }
    }
  }

  private static Optional<Instant> epochSeconds(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
