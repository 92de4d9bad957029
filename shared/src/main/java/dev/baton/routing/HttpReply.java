package dev.baton.routing;

import java.net.URI;
import java.net.http.HttpHeaders;

/** A provider's answer to one request, before interpretation. */
record HttpReply(String method, URI uri, int status, HttpHeaders headers, String body) {

  boolean successful() {
    return status >= 200 && status < 300;
  }

  /** 5xx, 429 and 408 may succeed later; other 4xx will not. */
  boolean retryable() {
    return status >= 500 || status == 429 || status == 408;
  }

  /** {@code GET /v2/load_balancers/x} (path only: queries may hold names, never secrets). */
  String request() {
    return method + " " + uri.getRawPath();
  }

  /** The start of the body for error messages. */
  String bodyExcerpt() {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...";
  }
}
