package dev.baton.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.port.SecretSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets from AWS Secrets Manager, cached for a TTL so a warm function does not call Secrets
 * Manager on every promotion, yet picks up a rotated token within the TTL. A secret is either the
 * token itself or a JSON object with a {@code token} field. Values are never logged; errors name
 * the secret's ARN only.
 */
public final class SecretsManagerSecretSource implements SecretSource {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecretSource.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SecretsManagerClient client;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(String value, Instant fetchedAt) {}

  public SecretsManagerSecretSource(SecretsManagerClient client, Clock clock, Duration ttl) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public String secret(String reference) {
    Instant now = clock.instant();
    Cached cached = cache.get(reference);
    if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
      return cached.value();
    }
    String value = fetch(reference);
    cache.put(reference, new Cached(value, now));
    LOG.info("read secret {} (cached for {})", reference, ttl);
    return value;
  }

  /** Forgets every cached value (after a SnapStart restore, or when a token was refused). */
  public void clear() {
    cache.clear();
  }

  private String fetch(String reference) {
    String raw;
    try {
      raw =
          client
              .getSecretValue(GetSecretValueRequest.builder().secretId(reference).build())
              .secretString();
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException("secret " + reference + " does not exist", e);
    } catch (SdkException e) {
      // SDK messages describe the call, never the secret's value (which we do not have yet).
      throw new IllegalStateException(
          "could not read secret " + reference + ": " + e.getClass().getSimpleName(), e);
    }
    if (raw == null || raw.isBlank()) {
      throw new IllegalStateException("secret " + reference + " has no string value");
    }
    return tokenOf(reference, raw.strip());
  }

  static String tokenOf(String reference, String raw) {
    if (!raw.startsWith("{")) {
      return raw;
    }
    JsonNode node;
    try {
      node = JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      // Never pass the parser's message on: it quotes the secret.
      throw new IllegalStateException(
          "secret " + reference + " starts with '{' but is not a JSON object");
    }
    JsonNode token = node.get("token");
    if (token == null || !token.isTextual() || token.textValue().isBlank()) {
      throw new IllegalStateException(
          "secret " + reference + " is a JSON object without a non-empty string field 'token'");
    }
    return token.textValue().strip();
  }
}
