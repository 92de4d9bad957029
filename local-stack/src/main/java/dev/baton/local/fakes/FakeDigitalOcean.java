package dev.baton.local.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful DigitalOcean API on loopback, implementing what Baton's routers use: load balancers
 * (GET, list, PUT replacing the whole object), domains and domain records (GET, list with filters
 * and pagination, PATCH, PUT). It answers like the real API: bearer authentication, the error body
 * {@code {id, message, request_id}}, {@code ratelimit-*} headers on every response, and 429 with
 * {@code retry-after} once the per-minute burst limit is used up. It can be told to fail ({@link
 * #failNext}), records every exchange, and calls {@link ExchangeListener}s (contract validation).
 */
public final class FakeDigitalOcean extends ProviderFake {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern LB = Pattern.compile("^/v2/load_balancers/([^/]+)$");
  private static final Pattern DOMAIN = Pattern.compile("^/v2/domains/([^/]+)$");
  private static final Pattern RECORDS = Pattern.compile("^/v2/domains/([^/]+)/records$");
  private static final Pattern RECORD = Pattern.compile("^/v2/domains/([^/]+)/records/([^/]+)$");

  /**
   * The API's limits per token.
   *
   * @param perMinute the burst limit (250 on the real API)
   * @param perHour the hourly limit (5,000 on the real API)
   */
  public record RateLimits(int perMinute, int perHour) {
    public static final RateLimits REAL = new RateLimits(250, 5000);
  }

  private final String token;
  private final DoLoadBalancers loadBalancers;
  private final DoDomains domains = new DoDomains();
  private final SlidingWindowLimit minute;
  private final SlidingWindowLimit hour;

  private FakeDigitalOcean(String token, Clock clock, RateLimits limits) {
    this.token = Objects.requireNonNull(token, "token");
    this.loadBalancers = new DoLoadBalancers(clock);
    this.minute = new SlidingWindowLimit(limits.perMinute(), Duration.ofMinutes(1), clock);
    this.hour = new SlidingWindowLimit(limits.perHour(), Duration.ofHours(1), clock);
    serve("digitalocean", new Api());
  }

  /** Starts a fake that accepts {@code token}, with the real API's rate limits. */
  public static FakeDigitalOcean start(String token) {
    return new FakeDigitalOcean(token, Clock.systemUTC(), RateLimits.REAL);
  }

  /** Starts a fake with an explicit clock (rate-limit windows) and limits. */
  public static FakeDigitalOcean start(String token, Clock clock, RateLimits limits) {
    return new FakeDigitalOcean(token, clock, limits);
  }

  /** The API base URL, e.g. {@code http://127.0.0.1:41234} (paths start with {@code /v2}). */
  @Override
  public URI baseUrl() {
    return serverUri();
  }

  // ---- state -------------------------------------------------------------------------------

  /** Adds a regional load balancer in {@code region}; returns its id. */
  public String addRegionalLoadBalancer(String name, String region) {
    return loadBalancers.addRegional(name, region);
  }

  /**
   * Adds a Global load balancer for {@code domain} with {@code glb_settings.region_priorities} and
   * {@code target_load_balancer_ids}; returns its id.
   */
  public String addGlobalLoadBalancer(
      String name, String domain, Map<String, Integer> regionPriorities, List<String> targetIds) {
    return loadBalancers.addGlobal(name, domain, new LinkedHashMap<>(regionPriorities), targetIds);
  }

  /** Stores {@code loadBalancer} as is (an id is added when absent); returns its id. */
  public String putLoadBalancer(ObjectNode loadBalancer) {
    return loadBalancers.put(loadBalancer);
  }

  /** The stored load balancer (a copy). */
  public Optional<ObjectNode> loadBalancer(String id) {
    return loadBalancers.get(id);
  }

  /** Adds a domain (with DigitalOcean's NS records). */
  public void addDomain(String domain) {
    domains.addDomain(domain);
  }

  /** Adds a record; {@code name} is relative ({@code www}, or {@code @} for the apex). */
  public long addRecord(String domain, String type, String name, String data, int ttl) {
    domains.addDomain(domain);
    return domains.add(domain, type, name, data, ttl);
  }

  /** The stored record (a copy). */
  public Optional<ObjectNode> record(String domain, long id) {
    return domains.find(domain, id);
  }

  // ---- the API -----------------------------------------------------------------------------

  private final class Api implements FakeHttpServer.Api {
    @Override
    public FakeResponse answer(FakeRequest request) {
      if (!request.bearerToken().map(token::equals).orElse(false)) {
        return error(401, "unauthorized", "Unable to authenticate you");
      }
      if (hour.full()) {
        return error(429, "too_many_requests", "API rate limit exceeded.");
      }
      Optional<Duration> burst = minute.tryAcquire();
      if (burst.isPresent()) {
        return error(429, "too_many_requests", "API rate limit exceeded.")
            .withHeader("ratelimit-remaining", "0")
            .withHeader("retry-after", String.valueOf(ceilSeconds(burst.get())));
      }
      hour.tryAcquire();
      try {
        return route(request);
      } catch (ApiError e) {
        return error(e.status(), e.id(), e.getMessage());
      }
    }

    @Override
    public FakeResponse answerFault(Fault fault, FakeRequest request) {
      if (fault instanceof Fault.ServerError s) {
        return error(s.status(), "server_error", "Unexpected server-side error");
      }
      if (fault instanceof Fault.RateLimited r) {
        return error(429, "too_many_requests", "API rate limit exceeded.")
            .withHeader("ratelimit-remaining", "0")
            .withHeader("retry-after", String.valueOf(ceilSeconds(r.retryAfter())));
      }
      if (fault instanceof Fault.MalformedBody m) {
        return withRateLimitHeaders(FakeResponse.json(200, m.body()));
      }
      throw new IllegalStateException("the server answers " + fault + " itself");
    }
  }

  private FakeResponse route(FakeRequest request) {
    String path = request.path();
    String method = request.method();
    Matcher m;
    if (path.equals("/v2/load_balancers") && method.equals("GET")) {
      return ok(DoPages.page(this, request, "load_balancers", loadBalancers.all()));
    }
    if ((m = LB.matcher(path)).matches()) {
      String id = m.group(1);
      return switch (method) {
        case "GET" ->
            ok(wrap("load_balancer", loadBalancers.get(id).orElseThrow(DoLoadBalancers::notFound)));
        case "PUT" -> ok(wrap("load_balancer", loadBalancers.replace(id, parse(request))));
        default -> throw methodNotAllowed();
      };
    }
    if ((m = DOMAIN.matcher(path)).matches() && method.equals("GET")) {
      return ok(wrap("domain", domains.domain(m.group(1))));
    }
    if ((m = RECORDS.matcher(path)).matches() && method.equals("GET")) {
      Map<String, String> q = request.query();
      String type = q.get("type");
      List<ObjectNode> records = domains.list(m.group(1), q.get("name"), type);
      return ok(DoPages.page(this, request, "domain_records", records));
    }
    if ((m = RECORD.matcher(path)).matches()) {
      String domain = m.group(1);
      long id = recordId(m.group(2));
      return switch (method) {
        case "GET" -> ok(wrap("domain_record", domains.get(domain, id)));
        case "PATCH", "PUT" ->
            ok(wrap("domain_record", domains.update(domain, id, parse(request))));
        default -> throw methodNotAllowed();
      };
    }
    throw DoLoadBalancers.notFound();
  }

  private static long recordId(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw DoLoadBalancers.notFound();
    }
  }

  private static JsonNode parse(FakeRequest request) {
    try {
      JsonNode body = MAPPER.readTree(request.body());
      if (body == null || body.isMissingNode()) {
        throw ApiError.digitalOcean(400, "bad_request", "The request body is empty.");
      }
      return body;
    } catch (JsonProcessingException e) {
      throw ApiError.digitalOcean(400, "bad_request", "The request body is not valid JSON.");
    }
  }

  private static ApiError methodNotAllowed() {
    return ApiError.digitalOcean(405, "method_not_allowed", "Method not allowed.");
  }

  private static ObjectNode wrap(String key, ObjectNode value) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set(key, value);
    return root;
  }

  private FakeResponse ok(ObjectNode body) {
    return withRateLimitHeaders(FakeResponse.json(200, body.toString()));
  }

  private FakeResponse error(int status, String id, String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", id);
    body.put("message", message);
    body.put("request_id", UUID.randomUUID().toString());
    return withRateLimitHeaders(FakeResponse.json(status, body.toString()));
  }

  private FakeResponse withRateLimitHeaders(FakeResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ratelimit-limit", String.valueOf(hour.limit()));
    // The hourly quota; it reads 0 on a burst-limit 429 (set by the caller, which wins).
    headers.put("ratelimit-remaining", String.valueOf(hour.remaining()));
    headers.put("ratelimit-reset", String.valueOf(hour.oldestExpiry().getEpochSecond()));
    // The fault- and burst-specific headers set before this call win.
    headers.putAll(response.headers());
    return new FakeResponse(response.status(), headers, response.body());
  }

  private static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
