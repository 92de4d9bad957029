package dev.baton.secrets;

import dev.baton.port.SecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Secrets for the local stack and the CLI: a reference {@code file:/path} reads the file (a token
 * file of mode 600 is the usual way), any other reference names an environment variable. Values are
 * never logged; errors name the reference only.
 */
public final class EnvironmentSecretSource implements SecretSource {
  public static final String FILE_PREFIX = "file:";

  private final Map<String, String> env;

  public EnvironmentSecretSource(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public String secret(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalStateException("a secret reference is required (a variable or file:/path)");
    }
    if (reference.startsWith(FILE_PREFIX)) {
      Path file = Path.of(reference.substring(FILE_PREFIX.length()));
      String value;
      try {
        value = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException(
            "secret file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
      }
      if (value.isEmpty()) {
        throw new IllegalStateException("secret file " + file + " is empty");
      }
      return value;
    }
    String value = env.get(reference);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + reference + " is not set");
    }
    return value.strip();
  }
}
