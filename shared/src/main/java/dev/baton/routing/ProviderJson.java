package dev.baton.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.port.ProviderException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** JSON reading shared by the provider API classes: a body we cannot use is a clear error. */
final class ProviderJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ProviderJson() {}

  /** The body as JSON, or empty when it is not JSON at all. */
  static Optional<JsonNode> tryParse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(body));
    } catch (JsonProcessingException e) {
      // Not JSON: the caller reports what it expected instead.
      return Optional.empty();
    }
  }

  /**
   * The object under {@code key} of a successful answer; a body that is not JSON, or lacks the
   * object, is a non-retryable error naming what was expected.
   */
  static ObjectNode objectField(String provider, String operation, HttpReply reply, String key) {
    JsonNode root =
        tryParse(reply.body()).orElseThrow(() -> notJson(provider, operation, reply, key));
    JsonNode value = root.get(key);
    if (!(value instanceof ObjectNode object)) {
      throw unexpected(provider, operation, reply, "an object '" + key + "'");
    }
    return object;
  }

  static ProviderException notJson(
      String provider, String operation, HttpReply reply, String expected) {
    return new ProviderException(
        provider,
        operation
            + " failed: "
            + reply.request()
            + " answered HTTP "
            + reply.status()
            + " with a body that is not JSON (expected an object with '"
            + expected
            + "'): "
            + reply.bodyExcerpt(),
        false);
  }

  static ProviderException unexpected(
      String provider, String operation, HttpReply reply, String expected) {
    return new ProviderException(
        provider,
        operation
            + " failed: "
            + reply.request()
            + " answered HTTP "
            + reply.status()
            + " without "
            + expected
            + ": "
            + reply.bodyExcerpt(),
        false);
  }

  /** One URL path segment or query value, percent-encoded. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
