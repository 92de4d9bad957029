package dev.baton.port;

/**
 * Where provider credentials come from (AWS: Secrets Manager, cached; locally: environment
 * variables or files). Values are never logged; {@link #describe} names a secret safely.
 */
public interface SecretSource {

  /**
   * The secret's value.
   *
   * @param reference an ARN, a name or an environment variable name, depending on the source
   * @throws IllegalStateException naming the reference (never the value) when it cannot be read
   */
  String secret(String reference);
}
