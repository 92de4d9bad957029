package dev.baton.local.fakes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of a fake server.
 *
 * @param status the HTTP status
 * @param headers response headers (names lower case), without {@code content-type}
 * @param body the body (JSON text, or empty for none)
 */
public record FakeResponse(int status, Map<String, String> headers, String body) {

  public FakeResponse {
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  /** A JSON answer without extra headers. */
  public static FakeResponse json(int status, String body) {
    return new FakeResponse(status, Map.of(), body);
  }

  /** This answer with one more header. */
  public FakeResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return new FakeResponse(status, copy, body);
  }

  /** This answer with more headers (the given ones win). */
  public FakeResponse withHeaders(Map<String, String> more) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    more.forEach((k, v) -> copy.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new FakeResponse(status, copy, body);
  }
}
