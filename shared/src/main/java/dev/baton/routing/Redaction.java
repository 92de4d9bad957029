package dev.baton.routing;

/**
 * Removes a secret from text that came from outside (a provider's error message could echo what we
 * sent). Defence in depth: Baton never puts a token into a message itself.
 */
final class Redaction {
  static final String MASK = "<redacted>";

  private Redaction() {}

  static String redact(String text, String secret) {
    if (text == null || secret == null || secret.length() < 4) {
      return text;
    }
    return text.replace(secret, MASK);
  }
}
