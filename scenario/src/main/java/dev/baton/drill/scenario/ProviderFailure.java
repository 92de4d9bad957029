package dev.baton.drill.scenario;

/** How a faked provider fails the calls a scenario tells it to fail. */
public enum ProviderFailure {
  /** HTTP 500 with the provider's error body. */
  SERVER_ERROR("5xx"),
  /** HTTP 429 with the provider's rate-limit headers. */
  RATE_LIMITED("429"),
  /** No answer until the client gives up. */
  TIMEOUT("timeout");

  private final String word;

  ProviderFailure(String word) {
    this.word = word;
  }

  /** The word used in scenario files. */
  public String word() {
    return word;
  }

  /** The failure named {@code word} in a scenario, or null. */
  public static ProviderFailure fromWord(String word) {
    for (ProviderFailure f : values()) {
      if (f.word.equalsIgnoreCase(word)) {
        return f;
      }
    }
    return null;
  }
}
