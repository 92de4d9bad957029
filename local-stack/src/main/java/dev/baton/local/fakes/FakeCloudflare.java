package dev.baton.local.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Cloudflare API (v4) on loopback, implementing what Baton's router uses: zones looked
 * up by name, DNS records listed (filters, pagination), read, patched and overwritten. Every answer
 * is the Cloudflare envelope {@code {success, errors, messages, result, result_info}}; bearer API
 * tokens are checked; 1,200 requests per 5 minutes per token, then 429 with {@code retry-after}. It
 * can be told to fail ({@link #failNext}), records every exchange, and calls {@link
 * ExchangeListener}s (contract validation).
 */
public final class FakeCloudflare extends ProviderFake {
  /** The API's path prefix, as in {@code https://api.cloudflare.com/client/v4}. */
  public static final String BASE_PATH = "/client/v4";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern RECORDS = Pattern.compile("^/zones/([^/]+)/dns_records$");
  private static final Pattern RECORD = Pattern.compile("^/zones/([^/]+)/dns_records/([^/]+)$");

  private final String token;
  private final CfZones zones;
  private final SlidingWindowLimit limit;

  private FakeCloudflare(String token, Clock clock, int requestsPerFiveMinutes) {
    this.token = Objects.requireNonNull(token, "token");
    this.zones = new CfZones(clock);
    this.limit = new SlidingWindowLimit(requestsPerFiveMinutes, Duration.ofMinutes(5), clock);
    serve("cloudflare", new Api());
  }

  /** Starts a fake that accepts API token {@code token}, with the real rate limit. */
  public static FakeCloudflare start(String token) {
    return new FakeCloudflare(token, Clock.systemUTC(), 1200);
  }

  /** Starts a fake with an explicit clock and limit (requests per 5 minutes per token). */
  public static FakeCloudflare start(String token, Clock clock, int requestsPerFiveMinutes) {
    return new FakeCloudflare(token, clock, requestsPerFiveMinutes);
  }

  /** The API base URL including {@value #BASE_PATH}. */
  @Override
  public URI baseUrl() {
    return URI.create(serverUri() + BASE_PATH);
  }

  // ---- state -------------------------------------------------------------------------------

  /** Adds a zone; returns its id. */
  public String addZone(String name) {
    return zones.addZone(name);
  }

  /** Adds a DNS record; {@code name} is fully qualified; returns its id. */
  public String addRecord(
      String zoneId, String type, String name, String content, int ttl, boolean proxied) {
    return zones.addRecord(zoneId, type, name, content, ttl, proxied);
  }

  /** The stored record (a copy). */
  public Optional<ObjectNode> record(String zoneId, String recordId) {
    return zones.find(zoneId, recordId);
  }

  // ---- the API -----------------------------------------------------------------------------

  private final class Api implements FakeHttpServer.Api {
    @Override
    public FakeResponse answer(FakeRequest request) {
      if (!request.path().startsWith(BASE_PATH + "/")) {
        return failure(404, 7003, "No route for the URI");
      }
      Optional<String> bearer = request.bearerToken();
      if (bearer.isEmpty()) {
        return failure(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
      }
      if (!bearer.get().equals(token)) {
        return failure(403, 9109, "Invalid access token");
      }
      Optional<Duration> wait = limit.tryAcquire();
      if (wait.isPresent()) {
        return rateLimited(wait.get());
      }
      try {
        return route(request, request.path().substring(BASE_PATH.length()));
      } catch (ApiError e) {
        return failure(e.status(), e.code(), e.getMessage());
      }
    }

    @Override
    public FakeResponse answerFault(Fault fault, FakeRequest request) {
      if (fault instanceof Fault.ServerError s) {
        return failure(s.status(), 10000, "Internal server error");
      }
      if (fault instanceof Fault.RateLimited r) {
        return rateLimited(r.retryAfter());
      }
      if (fault instanceof Fault.MalformedBody m) {
        return FakeResponse.json(200, m.body());
      }
      throw new IllegalStateException("the server answers " + fault + " itself");
    }
  }

  private FakeResponse route(FakeRequest request, String path) {
    Map<String, String> q = request.query();
    String method = request.method();
    Matcher m;
    if (path.equals("/zones") && method.equals("GET")) {
      return page(request, zones.zonesNamed(q.get("name")), 20, 5, 50);
    }
    if ((m = RECORDS.matcher(path)).matches() && method.equals("GET")) {
      return page(request, zones.list(m.group(1), q.get("name"), q.get("type")), 100, 1, 5_000_000);
    }
    if ((m = RECORD.matcher(path)).matches()) {
      String zone = m.group(1);
      String id = m.group(2);
      return switch (method) {
        case "GET" -> single(zones.get(zone, id));
        case "PATCH" -> single(zones.update(zone, id, parse(request), false));
        case "PUT" -> single(zones.update(zone, id, parse(request), true));
        default -> failure(405, 10405, "Method not allowed");
      };
    }
    return failure(404, 7003, "No route for the URI");
  }

  private static JsonNode parse(FakeRequest request) {
    try {
      JsonNode body = MAPPER.readTree(request.body());
      if (body == null || body.isMissingNode()) {
        throw ApiError.cloudflare(400, 9207, "Request body is invalid.");
      }
      return body;
    } catch (JsonProcessingException e) {
      throw ApiError.cloudflare(400, 9207, "Request body is invalid.");
    }
  }

  private FakeResponse page(
      FakeRequest request, List<ObjectNode> all, int defaultPerPage, int min, int max) {
    Map<String, String> q = request.query();
    int perPage = number(q, "per_page", defaultPerPage);
    if (perPage < min || perPage > max) {
      throw ApiError.cloudflare(400, 1001, "per_page must be between " + min + " and " + max);
    }
    int page = number(q, "page", 1);
    if (page < 1) {
      throw ApiError.cloudflare(400, 1001, "page must be at least 1");
    }
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    ObjectNode body = envelope(true);
    ArrayNode result = body.putArray("result");
    all.subList(from, to).forEach(result::add);
    ObjectNode info = body.putObject("result_info");
    info.put("page", page);
    info.put("per_page", perPage);
    info.put("count", to - from);
    info.put("total_count", all.size());
    // The real API also sends total_pages; the contract's result_info does not allow it.
    return FakeResponse.json(200, body.toString());
  }

  private static int number(Map<String, String> q, String name, int fallback) {
    String value = q.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return (int) Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw ApiError.cloudflare(400, 1001, name + " must be a number");
    }
  }

  private static FakeResponse single(ObjectNode result) {
    ObjectNode body = envelope(true);
    body.set("result", result);
    return FakeResponse.json(200, body.toString());
  }

  private static FakeResponse rateLimited(Duration retryAfter) {
    long seconds = Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    return failure(429, 971, "Please wait and consider throttling your request speed")
        .withHeader("retry-after", String.valueOf(seconds));
  }

  private static FakeResponse failure(int status, int code, String message) {
    ObjectNode body = envelope(false);
    ObjectNode error = ((ArrayNode) body.get("errors")).addObject();
    error.put("code", code);
    error.put("message", message);
    body.putNull("result");
    return FakeResponse.json(status, body.toString());
  }

  private static ObjectNode envelope(boolean success) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("success", success);
    body.putArray("errors");
    body.putArray("messages");
    return body;
  }
}
