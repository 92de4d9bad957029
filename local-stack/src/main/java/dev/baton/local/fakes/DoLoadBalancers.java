package dev.baton.local.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The load balancers of the DigitalOcean fake. A PUT replaces the whole object as the real API
 * does: a field left out is reset to its default (or dropped when it has none), so a client that
 * does not send back everything it read loses configuration, and a test can see it.
 */
final class DoLoadBalancers {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Fields the server owns: ignored in a PUT body, kept from the stored object. */
  static final Set<String> READ_ONLY = Set.of("id", "ip", "ipv6", "status", "created_at");

  /** Properties that cannot change after creation (load_balancer_base descriptions). */
  private static final Set<String> IMMUTABLE = Set.of("network", "network_stack");

  private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
  private final Clock clock;

  DoLoadBalancers(Clock clock) {
    this.clock = clock;
  }

  synchronized String put(ObjectNode loadBalancer) {
    ObjectNode copy = loadBalancer.deepCopy();
    String id = copy.path("id").asText("");
    if (id.isEmpty()) {
      id = UUID.randomUUID().toString();
      copy.put("id", id);
    }
    byId.put(id, copy);
    return id;
  }

  synchronized Optional<ObjectNode> get(String id) {
    return Optional.ofNullable(byId.get(id)).map(ObjectNode::deepCopy);
  }

  synchronized List<ObjectNode> all() {
    List<ObjectNode> all = new ArrayList<>();
    byId.values().forEach(lb -> all.add(lb.deepCopy()));
    return all;
  }

  /** A regional load balancer as the API returns it. */
  String addRegional(String name, String region) {
    ObjectNode lb = base(name, region);
    lb.put("type", "REGIONAL");
    return put(lb);
  }

  /** A Global load balancer with the given priorities and regional targets. */
  String addGlobal(
      String name, String domain, Map<String, Integer> priorities, List<String> targetIds) {
    String region = priorities.keySet().stream().findFirst().orElse("nyc1");
    ObjectNode lb = base(name, region);
    lb.put("type", "GLOBAL");
    ObjectNode d = lb.putArray("domains").addObject();
    d.put("name", domain);
    d.put("is_managed", true);
    d.put("certificate_id", "");
    ObjectNode glb = lb.putObject("glb_settings");
    glb.put("target_protocol", "http");
    glb.put("target_port", 80);
    glb.putObject("cdn").put("is_enabled", true);
    ObjectNode prio = glb.putObject("region_priorities");
    priorities.forEach(prio::put);
    glb.put("failover_threshold", 50);
    targetIds.forEach(lb.putArray("target_load_balancer_ids")::add);
    return put(lb);
  }

  /** PUT: replaces the stored object by the body; omitted fields are reset. */
  synchronized ObjectNode replace(String id, JsonNode body) {
    ObjectNode stored = byId.get(id);
    if (stored == null) {
      throw notFound();
    }
    if (!(body instanceof ObjectNode request)) {
      throw ApiError.digitalOcean(400, "bad_request", "The request body must be a JSON object.");
    }
    List<String> problems = new ArrayList<>();
    JsonNode region = request.get("region");
    if (region == null || !region.isTextual()) {
      problems.add("region is required (a region slug)");
    } else if (!DoRegions.known(region.asText())) {
      problems.add("region '" + region.asText() + "' is not a valid region slug");
    }
    JsonNode rules = request.get("forwarding_rules");
    if (rules == null || !rules.isArray() || rules.isEmpty()) {
      problems.add("forwarding_rules must contain at least one rule");
    }
    if (request.path("tag").asText("").length() > 0
        && request.path("droplet_ids").isArray()
        && !request.path("droplet_ids").isEmpty()) {
      problems.add("droplet_ids and tag are mutually exclusive");
    }
    ObjectNode replaced = defaults();
    request
        .properties()
        .forEach(
            e -> {
              if (!READ_ONLY.contains(e.getKey())) {
                replaced.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    for (String field : IMMUTABLE) {
      if (!replaced.path(field).equals(stored.path(field))) {
        problems.add(field + " cannot be changed after the load balancer is created");
      }
    }
    if (!problems.isEmpty()) {
      throw ApiError.digitalOcean(422, "unprocessable_entity", String.join("; ", problems));
    }
    for (String field : READ_ONLY) {
      if (stored.has(field)) {
        replaced.set(field, stored.get(field).deepCopy());
      }
    }
    replaced.set("region", DoRegions.region(region.asText()));
    ObjectNode ordered = JSON.objectNode();
    ordered.put("id", id);
    ordered.setAll(replaced);
    byId.put(id, ordered);
    return ordered.deepCopy();
  }

  static ApiError notFound() {
    return ApiError.digitalOcean(
        404, "not_found", "The resource you were accessing could not be found.");
  }

  /** What the API sets for every field a PUT leaves out (the schema's defaults). */
  private static ObjectNode defaults() {
    ObjectNode d = JSON.objectNode();
    d.put("size_unit", 1);
    d.put("size", "lb-small");
    d.put("algorithm", "round_robin");
    d.putObject("sticky_sessions").put("type", "none");
    ObjectNode hc = d.putObject("health_check");
    hc.put("protocol", "http");
    hc.put("port", 80);
    hc.put("path", "/");
    hc.put("check_interval_seconds", 10);
    hc.put("response_timeout_seconds", 5);
    hc.put("unhealthy_threshold", 5);
    hc.put("healthy_threshold", 3);
    d.put("tag", "");
    d.putArray("droplet_ids");
    d.put("redirect_http_to_https", false);
    d.put("enable_proxy_protocol", false);
    d.put("enable_backend_keepalive", false);
    d.put("http_idle_timeout_seconds", 60);
    d.put("disable_lets_encrypt_dns_records", false);
    ObjectNode fw = d.putObject("firewall");
    fw.putArray("deny");
    fw.putArray("allow");
    d.put("network", "EXTERNAL");
    d.put("network_stack", "IPV4");
    d.put("type", "REGIONAL");
    d.put("tls_cipher_policy", "DEFAULT");
    return d;
  }

  private ObjectNode base(String name, String region) {
    ObjectNode lb = JSON.objectNode();
    lb.put("id", UUID.randomUUID().toString());
    lb.put("name", name);
    lb.put("ip", "203.0.113." + (10 + byIdSize() % 200));
    lb.put("ipv6", "2001:db8::" + Integer.toHexString(10 + byIdSize()));
    lb.put("status", "active");
    lb.put("created_at", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode rule = lb.putArray("forwarding_rules").addObject();
    rule.put("entry_protocol", "http");
    rule.put("entry_port", 80);
    rule.put("target_protocol", "http");
    rule.put("target_port", 80);
    rule.put("certificate_id", "");
    rule.put("tls_passthrough", false);
    lb.setAll(defaults());
    lb.set("region", DoRegions.region(region));
    lb.put("project_id", UUID.randomUUID().toString());
    lb.put("vpc_uuid", UUID.randomUUID().toString());
    return lb;
  }

  private synchronized int byIdSize() {
    return byId.size();
  }
}
