package dev.baton.local.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** The zones and DNS records of the Cloudflare fake. */
final class CfZones {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> PROXIABLE = Set.of("A", "AAAA", "CNAME");
  private static final Set<String> WRITABLE =
      Set.of("type", "name", "content", "ttl", "proxied", "comment", "tags");

  private final Map<String, ObjectNode> zones = new LinkedHashMap<>();
  private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
  private final Clock clock;
  private final Random ids = new Random(7);

  CfZones(Clock clock) {
    this.clock = clock;
  }

  synchronized String addZone(String name) {
    String id = newId();
    String now = now();
    ObjectNode zone = JSON.objectNode();
    zone.put("id", id);
    zone.put("name", name);
    zone.put("development_mode", 0);
    zone.putArray("name_servers").add("bob.ns.cloudflare.com").add("lola.ns.cloudflare.com");
    zone.putNull("original_name_servers");
    zone.putNull("original_registrar");
    zone.putNull("original_dnshost");
    zone.put("created_on", now);
    zone.put("modified_on", now);
    zone.put("activated_on", now);
    ObjectNode meta = zone.putObject("meta");
    meta.put("step", 2);
    meta.put("custom_certificate_quota", 0);
    meta.put("page_rule_quota", 3);
    meta.put("phishing_detected", false);
    ObjectNode owner = zone.putObject("owner");
    owner.put("id", newId());
    owner.put("type", "user");
    ObjectNode account = zone.putObject("account");
    account.put("id", newId());
    account.put("name", "Baton test account");
    zones.put(id, zone);
    records.put(id, new LinkedHashMap<>());
    return id;
  }

  synchronized List<ObjectNode> zonesNamed(String name) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode zone : zones.values()) {
      if (name == null || zone.get("name").asText().equalsIgnoreCase(name)) {
        out.add(zone.deepCopy());
      }
    }
    return out;
  }

  synchronized String addRecord(
      String zoneId, String type, String name, String content, int ttl, boolean proxied) {
    Map<String, ObjectNode> zone = zone(zoneId);
    String id = newId();
    String now = now();
    ObjectNode record = JSON.objectNode();
    record.put("id", id);
    record.put("name", name);
    record.put("type", type);
    record.put("content", content);
    record.put("proxiable", PROXIABLE.contains(type));
    if (PROXIABLE.contains(type)) {
      // Only A, AAAA and CNAME records have 'proxied' (the other record schemas do not allow it).
      record.put("proxied", proxied);
    }
    record.put("ttl", ttl);
    ObjectNode meta = record.putObject("meta");
    meta.put("auto_added", false);
    meta.put("source", "primary");
    record.putArray("tags");
    record.put("created_on", now);
    record.put("modified_on", now);
    zone.put(id, record);
    return id;
  }

  synchronized List<ObjectNode> list(String zoneId, String name, String type) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode r : zone(zoneId).values()) {
      if (name != null && !r.get("name").asText().equalsIgnoreCase(name)) {
        continue;
      }
      if (type != null && !r.get("type").asText().equals(type)) {
        continue;
      }
      out.add(r.deepCopy());
    }
    return out;
  }

  synchronized ObjectNode get(String zoneId, String recordId) {
    return record(zoneId, recordId).deepCopy();
  }

  synchronized Optional<ObjectNode> find(String zoneId, String recordId) {
    Map<String, ObjectNode> zone = records.get(zoneId);
    return zone == null
        ? Optional.empty()
        : Optional.ofNullable(zone.get(recordId)).map(ObjectNode::deepCopy);
  }

  /** PATCH merges the given fields; PUT ({@code overwrite}) resets the ones left out. */
  synchronized ObjectNode update(String zoneId, String recordId, JsonNode body, boolean overwrite) {
    ObjectNode stored = record(zoneId, recordId);
    if (!(body instanceof ObjectNode request)) {
      throw ApiError.cloudflare(400, 9207, "Request body is invalid.");
    }
    ObjectNode updated = stored.deepCopy();
    if (overwrite) {
      for (String field : List.of("type", "name", "content")) {
        if (!request.hasNonNull(field)) {
          throw ApiError.cloudflare(400, 1004, "DNS Validation Error: " + field + " is required.");
        }
      }
      updated.put("ttl", 1);
      if (PROXIABLE.contains(request.path("type").asText())) {
        updated.put("proxied", false);
      }
      updated.remove("comment");
      updated.putArray("tags");
    }
    request
        .properties()
        .forEach(
            e -> {
              if (WRITABLE.contains(e.getKey())) {
                updated.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    String zoneName = zones.get(zoneId).get("name").asText();
    String type = updated.path("type").asText();
    String name = updated.path("name").asText().toLowerCase(Locale.ROOT);
    if (name.equals("@")) {
      name = zoneName;
    }
    if (!name.equals(zoneName) && !name.endsWith("." + zoneName)) {
      throw ApiError.cloudflare(
          400, 9007, "Record name '" + name + "' is not in zone " + zoneName + ".");
    }
    updated.put("name", name);
    String contentProblem = DnsNames.problem(type, updated.path("content").asText(null));
    if (contentProblem != null) {
      throw ApiError.cloudflare(
          400, 9005, "Content for " + type + " record " + contentProblem + ".");
    }
    JsonNode ttl = updated.path("ttl");
    if (!ttl.isNumber() || !(ttl.asInt() == 1 || (ttl.asInt() >= 60 && ttl.asInt() <= 86400))) {
      throw ApiError.cloudflare(
          400, 9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
    }
    if (PROXIABLE.contains(type) && !updated.path("proxied").isBoolean()) {
      throw ApiError.cloudflare(400, 9003, "proxied must be true or false.");
    }
    if (!PROXIABLE.contains(type)) {
      if (updated.path("proxied").asBoolean(false)) {
        throw ApiError.cloudflare(400, 9004, "This record type cannot be proxied.");
      }
      updated.remove("proxied");
    }
    updated.put("proxiable", PROXIABLE.contains(type));
    updated.put("modified_on", now());
    records.get(zoneId).put(recordId, updated);
    return updated.deepCopy();
  }

  private Map<String, ObjectNode> zone(String zoneId) {
    Map<String, ObjectNode> zone = records.get(zoneId);
    if (zone == null) {
      throw ApiError.cloudflare(
          404,
          7003,
          "Could not route to /zones/" + zoneId + ", perhaps your object identifier is invalid?");
    }
    return zone;
  }

  private ObjectNode record(String zoneId, String recordId) {
    ObjectNode record = zone(zoneId).get(recordId);
    if (record == null) {
      throw ApiError.cloudflare(404, 81044, "Record does not exist.");
    }
    return record;
  }

  private String newId() {
    byte[] bytes = new byte[16];
    ids.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
