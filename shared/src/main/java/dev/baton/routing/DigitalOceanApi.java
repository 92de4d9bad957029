package dev.baton.routing;

import static dev.baton.routing.ProviderJson.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.port.ProviderException;
import dev.baton.port.SecretSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DigitalOcean API calls Baton makes (load balancers, domains, domain records), on the JDK HTTP
 * client. Each call is one attempt: a failure throws one {@link ProviderException} that says what
 * failed (the operation, the HTTP status, DigitalOcean's {@code id}, {@code message} and {@code
 * request_id}), whether it is worth retrying (5xx, 429, timeouts), and how long DigitalOcean asked
 * us to wait ({@code retry-after}, or {@code ratelimit-reset} when the quota is used up). Lists
 * follow {@code links.pages.next}.
 */
public final class DigitalOceanApi {
  public static final URI PRODUCTION = URI.create("https://api.digitalocean.com");
  static final String PROVIDER = "digitalocean";

  /** The API's largest page. */
  static final int PER_PAGE = 200;

  /** A guard against a pagination loop; far above any real record count. */
  private static final int MAX_PAGES = 100;

  private static final Logger LOG = LoggerFactory.getLogger(DigitalOceanApi.class);

  private final ProviderHttp http;
  private final Clock clock;

  public DigitalOceanApi(
      ProviderEndpoint endpoint, SecretSource secrets, HttpClient client, Clock clock) {
    this.http = new ProviderHttp(PROVIDER, endpoint, secrets, client);
    this.clock = clock;
  }

  /** The URL of {@code pathAndQuery} on this API (for dry-run plans). */
  public URI url(String pathAndQuery) {
    return http.endpoint().resolve(pathAndQuery);
  }

  /** GET /v2/load_balancers/{id}: the {@code load_balancer} object. */
  public ObjectNode loadBalancer(String id) {
    String operation = "get load balancer " + id;
    return ProviderJson.objectField(
        PROVIDER, operation, call(operation, "GET", loadBalancerPath(id), null), "load_balancer");
  }

  /** PUT /v2/load_balancers/{id} with the whole object: the updated {@code load_balancer}. */
  public ObjectNode updateLoadBalancer(String id, ObjectNode body) {
    String operation = "update load balancer " + id;
    return ProviderJson.objectField(
        PROVIDER,
        operation,
        call(operation, "PUT", loadBalancerPath(id), body.toString()),
        "load_balancer");
  }

  /** GET /v2/domains/{name}: the {@code domain} object. */
  public ObjectNode domain(String name) {
    String operation = "get domain " + name;
    return ProviderJson.objectField(
        PROVIDER, operation, call(operation, "GET", "/v2/domains/" + encode(name), null), "domain");
  }

  /**
   * GET /v2/domains/{domain}/records, every page, filtered by the fully qualified {@code name} and
   * {@code type} when given (null for no filter).
   */
  public List<ObjectNode> domainRecords(String domain, String fqdn, String type) {
    String operation = "list records of domain " + domain;
    StringBuilder path =
        new StringBuilder(recordsPath(domain)).append("?per_page=").append(PER_PAGE);
    if (fqdn != null) {
      path.append("&name=").append(encode(fqdn));
    }
    if (type != null) {
      path.append("&type=").append(encode(type));
    }
    List<ObjectNode> records = new ArrayList<>();
    Set<URI> seen = new HashSet<>();
    URI next = url(path.toString());
    while (next != null) {
      if (!seen.add(next) || seen.size() > MAX_PAGES) {
        throw new ProviderException(
            PROVIDER,
            operation + " failed: pagination does not end (page link " + next.getRawPath() + ")",
            false);
      }
      HttpReply reply = send(operation, "GET", next, null);
      JsonNode root =
          ProviderJson.tryParse(reply.body())
              .orElseThrow(
                  () -> ProviderJson.notJson(PROVIDER, operation, reply, "domain_records"));
      JsonNode page = root.get("domain_records");
      if (page == null || !page.isArray()) {
        throw ProviderJson.unexpected(PROVIDER, operation, reply, "an array 'domain_records'");
      }
      for (JsonNode record : page) {
        if (!(record instanceof ObjectNode object)) {
          throw ProviderJson.unexpected(
              PROVIDER, operation, reply, "domain record objects in 'domain_records'");
        }
        records.add(object);
      }
      next = nextPage(operation, reply, root);
    }
    return records;
  }

  /** GET /v2/domains/{domain}/records/{id}: the {@code domain_record} object. */
  public ObjectNode domainRecord(String domain, long id) {
    String operation = "get record " + id + " of domain " + domain;
    return ProviderJson.objectField(
        PROVIDER,
        operation,
        call(operation, "GET", recordsPath(domain) + "/" + id, null),
        "domain_record");
  }

  /** PATCH /v2/domains/{domain}/records/{id}: the updated {@code domain_record}. */
  public ObjectNode updateDomainRecord(String domain, long id, ObjectNode attributes) {
    String operation = "update record " + id + " of domain " + domain;
    return ProviderJson.objectField(
        PROVIDER,
        operation,
        call(operation, "PATCH", recordsPath(domain) + "/" + id, attributes.toString()),
        "domain_record");
  }

  static String loadBalancerPath(String id) {
    return "/v2/load_balancers/" + encode(id);
  }

  static String recordsPath(String domain) {
    return "/v2/domains/" + encode(domain) + "/records";
  }

  private HttpReply call(String operation, String method, String pathAndQuery, String body) {
    return send(operation, method, url(pathAndQuery), body);
  }

  private HttpReply send(String operation, String method, URI uri, String body) {
    HttpReply reply = http.send(operation, method, uri, body);
    reply
        .headers()
        .firstValue("ratelimit-remaining")
        .ifPresent(remaining -> LOG.debug("digitalocean ratelimit-remaining {}", remaining));
    if (!reply.successful()) {
      throw error(operation, reply);
    }
    return reply;
  }

  /** DigitalOcean's error body {@code {id, message, request_id}} as one clear exception. */
  private ProviderException error(String operation, HttpReply reply) {
    StringBuilder message =
        new StringBuilder(operation)
            .append(" failed: ")
            .append(reply.request())
            .append(" answered HTTP ")
            .append(reply.status());
    JsonNode body = ProviderJson.tryParse(reply.body()).orElse(null);
    if (body != null && body.hasNonNull("id") && body.hasNonNull("message")) {
      message
          .append(' ')
          .append(body.get("id").asText())
          .append(": ")
          .append(body.get("message").asText());
      if (body.hasNonNull("request_id")) {
        message.append(" (request_id ").append(body.get("request_id").asText()).append(')');
      }
    } else if (!reply.body().isBlank()) {
      message
          .append(" without DigitalOcean's error body {id, message}: ")
          .append(reply.bodyExcerpt());
    }
    if (reply.status() == 401 || reply.status() == 403) {
      message.append(" - check the DigitalOcean API token and its scopes");
    }
    return new ProviderException(
        PROVIDER,
        message.toString(),
        reply.retryable(),
        reply.retryable() ? RetryAfter.fromHeaders(reply.headers(), clock).orElse(null) : null,
        null);
  }

  private URI nextPage(String operation, HttpReply reply, JsonNode root) {
    JsonNode next = root.path("links").path("pages").path("next");
    if (next.isMissingNode() || next.isNull()) {
      return null;
    }
    if (!next.isTextual()) {
      throw ProviderJson.unexpected(PROVIDER, operation, reply, "a URL in 'links.pages.next'");
    }
    try {
      return URI.create(next.asText());
    } catch (IllegalArgumentException e) {
      throw ProviderJson.unexpected(
          PROVIDER, operation, reply, "a valid URL in 'links.pages.next'");
    }
  }

  @Override
  public String toString() {
    return "DigitalOceanApi["
        + http.endpoint().baseUrl()
        + ", token "
        + http.endpoint().tokenReference()
        + "]";
  }
}
