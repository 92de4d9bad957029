package dev.baton.routing;

import dev.baton.port.SecretSource;
import java.util.List;
import java.util.Map;

/** The secrets of the router tests: values that must never show up in logs or messages. */
final class TestTokens {
  static final String DO_REFERENCE =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:do-token";
  static final String CF_REFERENCE =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:cf-token";
  static final String DO_TOKEN = "dop_v1_FAKE-router-test-token-never-valid-5e6f1c0ffee7d00d";
  static final String CF_TOKEN = "cf-api-token-Zq3xW9vK2mN8pL4rT6yU1iO0aS5dF7gH";

  static final List<String> ALL = List.of(DO_TOKEN, CF_TOKEN);

  private TestTokens() {}

  /** A SecretSource holding both tokens. */
  static SecretSource secrets() {
    Map<String, String> values = Map.of(DO_REFERENCE, DO_TOKEN, CF_REFERENCE, CF_TOKEN);
    return reference -> {
      String value = values.get(reference);
      if (value == null) {
        throw new IllegalStateException("no secret " + reference);
      }
      return value;
    };
  }
}
