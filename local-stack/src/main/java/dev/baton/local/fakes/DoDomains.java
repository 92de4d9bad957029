package dev.baton.local.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The domains and domain records of the DigitalOcean fake. */
final class DoDomains {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> RECORD_FIELDS =
      Set.of("type", "name", "data", "priority", "port", "ttl", "weight", "flags", "tag");

  private final Map<String, Map<Long, ObjectNode>> records = new LinkedHashMap<>();
  private long nextId = 28448429;

  /** Adds a domain with DigitalOcean's three NS records. */
  synchronized void addDomain(String domain) {
    if (records.containsKey(domain)) {
      return;
    }
    records.put(domain, new LinkedHashMap<>());
    for (int i = 1; i <= 3; i++) {
      add(domain, "NS", "@", "ns" + i + ".digitalocean.com", 1800);
    }
  }

  synchronized long add(String domain, String type, String name, String data, int ttl) {
    Map<Long, ObjectNode> zone = zone(domain);
    long id = nextId++;
    ObjectNode record = JSON.objectNode();
    record.put("id", id);
    record.put("type", type);
    record.put("name", name);
    record.put("data", data);
    record.putNull("priority");
    record.putNull("port");
    record.put("ttl", ttl);
    record.putNull("weight");
    record.putNull("flags");
    record.putNull("tag");
    zone.put(id, record);
    return id;
  }

  synchronized ObjectNode domain(String domain) {
    Map<Long, ObjectNode> zone = zone(domain);
    ObjectNode d = JSON.objectNode();
    d.put("name", domain);
    d.put("ttl", 1800);
    StringBuilder zoneFile = new StringBuilder("$ORIGIN ").append(domain).append(".\n$TTL 1800\n");
    for (ObjectNode r : zone.values()) {
      String host =
          r.get("name").asText().equals("@") ? domain : r.get("name").asText() + "." + domain;
      zoneFile
          .append(host)
          .append(". ")
          .append(r.get("ttl").asInt())
          .append(" IN ")
          .append(r.get("type").asText())
          .append(' ')
          .append(r.get("data").asText())
          .append('\n');
    }
    d.put("zone_file", zoneFile.toString());
    return d;
  }

  /** Records matching the optional filters; {@code fqdn} is a fully qualified name. */
  synchronized List<ObjectNode> list(String domain, String fqdn, String type) {
    Map<Long, ObjectNode> zone = zone(domain);
    String relative = fqdn == null ? null : relative(domain, fqdn);
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode r : zone.values()) {
      if (relative != null && !r.get("name").asText().equalsIgnoreCase(relative)) {
        continue;
      }
      if (type != null && !r.get("type").asText().equals(type)) {
        continue;
      }
      out.add(r.deepCopy());
    }
    return out;
  }

  synchronized ObjectNode get(String domain, long id) {
    ObjectNode r = zone(domain).get(id);
    if (r == null) {
      throw DoLoadBalancers.notFound();
    }
    return r.deepCopy();
  }

  synchronized Optional<ObjectNode> find(String domain, long id) {
    Map<Long, ObjectNode> zone = records.get(domain);
    return zone == null
        ? Optional.empty()
        : Optional.ofNullable(zone.get(id)).map(ObjectNode::deepCopy);
  }

  /** PATCH and PUT: sets the attributes given, validated for the record's type. */
  synchronized ObjectNode update(String domain, long id, JsonNode body) {
    ObjectNode stored = zone(domain).get(id);
    if (stored == null) {
      throw DoLoadBalancers.notFound();
    }
    if (!(body instanceof ObjectNode request)) {
      throw ApiError.digitalOcean(400, "bad_request", "The request body must be a JSON object.");
    }
    ObjectNode updated = stored.deepCopy();
    List<String> problems = new ArrayList<>();
    request
        .properties()
        .forEach(
            e -> {
              if (RECORD_FIELDS.contains(e.getKey())) {
                updated.set(e.getKey(), e.getValue().deepCopy());
              } else if (!e.getKey().equals("id")) {
                problems.add("unknown attribute '" + e.getKey() + "'");
              }
            });
    if (!updated.path("type").asText().equals(stored.path("type").asText())) {
      problems.add("type cannot be changed from " + stored.path("type").asText());
    }
    String dataProblem =
        DnsNames.problem(updated.path("type").asText(), updated.path("data").asText(null));
    if (dataProblem != null) {
      problems.add("data " + dataProblem);
    }
    if (!updated.path("ttl").canConvertToInt() || updated.path("ttl").asInt() < 30) {
      problems.add("ttl must be an integer of at least 30");
    }
    if (!problems.isEmpty()) {
      throw ApiError.digitalOcean(422, "unprocessable_entity", String.join("; ", problems));
    }
    zone(domain).put(id, updated);
    return updated.deepCopy();
  }

  private Map<Long, ObjectNode> zone(String domain) {
    Map<Long, ObjectNode> zone = records.get(domain);
    if (zone == null) {
      throw DoLoadBalancers.notFound();
    }
    return zone;
  }

  /** {@code www.example.com} in {@code example.com} -> {@code www}; the apex -> {@code @}. */
  static String relative(String domain, String fqdn) {
    String name = fqdn.endsWith(".") ? fqdn.substring(0, fqdn.length() - 1) : fqdn;
    if (name.equalsIgnoreCase(domain)) {
      return "@";
    }
    String suffix = "." + domain;
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(suffix)
        ? name.substring(0, name.length() - suffix.length())
        : name;
  }
}
