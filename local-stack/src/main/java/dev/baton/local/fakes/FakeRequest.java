package dev.baton.local.fakes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a fake server received it.
 *
 * @param method the HTTP method, upper case
 * @param path the path without the query, e.g. {@code /v2/load_balancers/abc}
 * @param rawQuery the query string as sent (may be empty, never null)
 * @param headers request headers, names lower case
 * @param body the request body as text (empty when none)
 */
public record FakeRequest(
    String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {

  public FakeRequest {
    rawQuery = rawQuery == null ? "" : rawQuery;
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  /** The first value of a header (name case-insensitive). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The decoded query parameters (first value of each). */
  public Map<String, String> query() {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(key, value);
    }
    return params;
  }

  /** The bearer token of the Authorization header, if any. */
  public Optional<String> bearerToken() {
    return header("authorization")
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).trim());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
