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
import java.util.List;

/**
 * The Cloudflare API (v4) calls Baton makes: zones by name, DNS records (list, get, patch), on the
 * JDK HTTP client with an API token. Every answer is the envelope {@code {success, errors,
 * messages, result, result_info}}; {@code success: false} or an error status throws one {@link
 * ProviderException} with Cloudflare's error codes and messages, retryable for 5xx, 429 and
 * timeouts, carrying {@code retry-after}. Lists follow {@code result_info} page by page.
 */
public final class CloudflareApi {
  public static final URI PRODUCTION = URI.create("https://api.cloudflare.com/client/v4");
  static final String PROVIDER = "cloudflare";
  static final int ZONES_PER_PAGE = 50;
  static final int RECORDS_PER_PAGE = 100;
  private static final int MAX_PAGES = 100;

  private final ProviderHttp http;
  private final Clock clock;

  public CloudflareApi(
      ProviderEndpoint endpoint, SecretSource secrets, HttpClient client, Clock clock) {
    this.http = new ProviderHttp(PROVIDER, endpoint, secrets, client);
    this.clock = clock;
  }

  /** The URL of {@code pathAndQuery} on this API (for dry-run plans). */
  public URI url(String pathAndQuery) {
    return http.endpoint().resolve(pathAndQuery);
  }

  /** GET /zones?name={name}, every page: the zones with exactly that name. */
  public List<ObjectNode> zonesNamed(String name) {
    return list("find zone " + name, "/zones?name=" + encode(name), ZONES_PER_PAGE);
  }

  /** GET /zones/{zone}/dns_records?name=&type=, every page. */
  public List<ObjectNode> dnsRecords(String zoneId, String fqdn, String type) {
    StringBuilder path = new StringBuilder(recordsPath(zoneId)).append('?');
    if (fqdn != null) {
      path.append("name=").append(encode(fqdn)).append('&');
    }
    if (type != null) {
      path.append("type=").append(encode(type)).append('&');
    }
    path.setLength(path.length() - 1);
    String what = (type == null ? "" : type + " ") + "records" + (fqdn == null ? "" : " " + fqdn);
    return list("list " + what + " of zone " + zoneId, path.toString(), RECORDS_PER_PAGE);
  }

  /** GET /zones/{zone}/dns_records/{id}. */
  public ObjectNode dnsRecord(String zoneId, String recordId) {
    String operation = "get DNS record " + recordId;
    return resultObject(operation, call(operation, "GET", recordPath(zoneId, recordId), null));
  }

  /** PATCH /zones/{zone}/dns_records/{id} (must carry type, name and content). */
  public ObjectNode patchDnsRecord(String zoneId, String recordId, ObjectNode body) {
    String operation = "update DNS record " + recordId;
    return resultObject(
        operation, call(operation, "PATCH", recordPath(zoneId, recordId), body.toString()));
  }

  static String recordsPath(String zoneId) {
    return "/zones/" + encode(zoneId) + "/dns_records";
  }

  static String recordPath(String zoneId, String recordId) {
    return recordsPath(zoneId) + "/" + encode(recordId);
  }

  private List<ObjectNode> list(String operation, String pathAndQuery, int perPage) {
    List<ObjectNode> all = new ArrayList<>();
    String separator = pathAndQuery.contains("?") ? "&" : "?";
    for (int page = 1; ; page++) {
      if (page > MAX_PAGES) {
        throw new ProviderException(
            PROVIDER, operation + " failed: more than " + MAX_PAGES + " pages", false);
      }
      HttpReply reply =
          call(
              operation,
              "GET",
              pathAndQuery + separator + "page=" + page + "&per_page=" + perPage,
              null);
      JsonNode root = envelope(operation, reply);
      JsonNode result = root.get("result");
      if (result == null || !result.isArray()) {
        throw ProviderJson.unexpected(PROVIDER, operation, reply, "an array 'result'");
      }
      for (JsonNode item : result) {
        if (!(item instanceof ObjectNode object)) {
          throw ProviderJson.unexpected(PROVIDER, operation, reply, "objects in 'result'");
        }
        all.add(object);
      }
      if (lastPage(root.path("result_info"), page, result.size(), perPage, all.size())) {
        return all;
      }
    }
  }

  /**
   * Whether {@code page} was the last one: {@code total_pages} when Cloudflare sends it, else
   * {@code total_count}, else a short page.
   */
  private static boolean lastPage(JsonNode info, int page, int pageSize, int perPage, int fetched) {
    if (info.path("total_pages").isNumber()) {
      return page >= info.get("total_pages").asInt();
    }
    if (info.path("total_count").isNumber()) {
      return fetched >= info.get("total_count").asInt() || pageSize == 0;
    }
    return pageSize < perPage;
  }

  private ObjectNode resultObject(String operation, HttpReply reply) {
    JsonNode result = envelope(operation, reply).get("result");
    if (!(result instanceof ObjectNode object)) {
      throw ProviderJson.unexpected(PROVIDER, operation, reply, "an object 'result'");
    }
    return object;
  }

  private HttpReply call(String operation, String method, String pathAndQuery, String body) {
    HttpReply reply = http.send(operation, method, url(pathAndQuery), body);
    if (!reply.successful()) {
      throw error(operation, reply, ProviderJson.tryParse(reply.body()).orElse(null));
    }
    return reply;
  }

  /** The envelope of a 2xx answer; {@code success: false} is an error even with status 200. */
  private JsonNode envelope(String operation, HttpReply reply) {
    JsonNode root =
        ProviderJson.tryParse(reply.body())
            .orElseThrow(() -> ProviderJson.notJson(PROVIDER, operation, reply, "success"));
    JsonNode success = root.get("success");
    if (success == null || !success.isBoolean()) {
      throw ProviderJson.unexpected(
          PROVIDER, operation, reply, "the Cloudflare envelope (a boolean 'success')");
    }
    if (!success.asBoolean()) {
      throw error(operation, reply, root);
    }
    return root;
  }

  private ProviderException error(String operation, HttpReply reply, JsonNode body) {
    StringBuilder message =
        new StringBuilder(operation)
            .append(" failed: ")
            .append(reply.request())
            .append(" answered HTTP ")
            .append(reply.status());
    JsonNode errors = body == null ? null : body.get("errors");
    if (errors != null && errors.isArray() && !errors.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode e : errors) {
        parts.add("[" + e.path("code").asText("?") + "] " + e.path("message").asText(""));
      }
      message.append(' ').append(String.join("; ", parts));
    } else if (!reply.body().isBlank()) {
      message.append(" without Cloudflare's error envelope: ").append(reply.bodyExcerpt());
    }
    if (reply.status() == 401 || reply.status() == 403) {
      message.append(" - check the Cloudflare API token and its permissions (Zone:Read, DNS:Edit)");
    }
    return new ProviderException(
        PROVIDER,
        message.toString(),
        reply.retryable(),
        reply.retryable() ? RetryAfter.fromHeaders(reply.headers(), clock).orElse(null) : null,
        null);
  }

  @Override
  public String toString() {
    return "CloudflareApi["
        + http.endpoint().baseUrl()
        + ", token "
        + http.endpoint().tokenReference()
        + "]";
  }
}
