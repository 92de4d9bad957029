package dev.baton.local.fakes;

import java.util.Map;
import java.util.Optional;

/**
 * One request a fake server received and what it answered, for assertions and contract checks. The
 * Authorization header is kept only as {@code Bearer <redacted>}: the log never holds a token.
 *
 * @param request the request (Authorization redacted)
 * @param response the answer, or null when none was sent (a {@link Fault.Hang})
 * @param fault the injected fault that produced the answer, or null for a normal answer
 */
public record RecordedExchange(FakeRequest request, FakeResponse response, Fault fault) {

  public String method() {
    return request.method();
  }

  public String path() {
    return request.path();
  }

  /** The status sent, or 0 when no response was sent. */
  public int status() {
    return response == null ? 0 : response.status();
  }

  public Optional<Fault> injectedFault() {
    return Optional.ofNullable(fault);
  }

  /** Response headers (empty when no response was sent). */
  public Map<String, String> responseHeaders() {
    return response == null ? Map.of() : response.headers();
  }

  @Override
  public String toString() {
    String query = request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
    return request.method()
        + " "
        + request.path()
        + query
        + " -> "
        + (response == null ? "no response" : String.valueOf(response.status()))
        + (fault == null ? "" : " (injected " + fault + ")");
  }
}
