package dev.baton.secrets;

import dev.baton.port.SecretSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Picks the source by the reference's form: a Secrets Manager ARN ({@code arn:...}) is read from
 * Secrets Manager, created on first use so a function without AWS secrets never builds that client;
 * anything else (an environment variable name, {@code file:/path}) from the environment.
 */
public final class ReferencedSecretSource implements SecretSource {
  private final Supplier<SecretSource> secretsManager;
  private final SecretSource environment;
  private SecretSource remote;

  public ReferencedSecretSource(Supplier<SecretSource> secretsManager, SecretSource environment) {
    this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String secret(String reference) {
    if (reference != null && reference.startsWith("arn:")) {
      return remote().secret(reference);
    }
    return environment.secret(reference);
  }

  private synchronized SecretSource remote() {
    if (remote == null) {
      remote = secretsManager.get();
    }
    return remote;
  }
}
