package dev.baton.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.port.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DigitalOcean Global load balancer as read by GET, and the body of the PUT that changes only its
 * region priorities. A PUT replaces the whole object (fields left out are reset), so the body is
 * the object as read, with only what the PUT schema (load_balancer_create) does not accept taken
 * out or converted:
 *
 * <ul>
 *   <li>the read-only fields {@link #READ_ONLY_FIELDS} (readOnly in load_balancer_base);
 *   <li>{@code region}: a GET returns the region object, a PUT takes its slug;
 *   <li>{@code droplet_ids} and {@code tag} are mutually exclusive in a PUT (oneOf): the one in use
 *       is kept ({@code tag} when it is not empty, else {@code droplet_ids}).
 * </ul>
 */
final class GlobalLbDocument {
  /** Fields the API sets itself; the contract marks them readOnly in load_balancer_base. */
  static final Set<String> READ_ONLY_FIELDS = Set.of("id", "ip", "ipv6", "status", "created_at");

  private final String id;
  private final ObjectNode read;

  GlobalLbDocument(String id, ObjectNode read) {
    this.id = id;
    this.read = read;
  }

  ObjectNode read() {
    return read;
  }

  String type() {
    return read.path("type").asText("REGIONAL");
  }

  List<String> targetLoadBalancerIds() {
    List<String> ids = new ArrayList<>();
    read.path("target_load_balancer_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** {@code glb_settings.region_priorities}; a load balancer without it cannot be steered. */
  RegionPriorities priorities() {
    JsonNode node = read.path("glb_settings").path("region_priorities");
    if (!node.isObject()) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          "load balancer "
              + id
              + " has no glb_settings.region_priorities (type "
              + type()
              + "): Baton can only steer a Global load balancer with region priorities",
          false);
    }
    Map<String, Integer> priorities = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              if (!e.getValue().canConvertToInt()) {
                throw new ProviderException(
                    DigitalOceanApi.PROVIDER,
                    "load balancer "
                        + id
                        + ": glb_settings.region_priorities."
                        + e.getKey()
                        + " is not an integer: "
                        + e.getValue(),
                    false);
              }
              priorities.put(e.getKey(), e.getValue().asInt());
            });
    return new RegionPriorities(priorities);
  }

  /** The PUT body: the object as read, priorities replaced, see the class comment. */
  ObjectNode putBody(RegionPriorities priorities) {
    ObjectNode body = read.deepCopy();
    READ_ONLY_FIELDS.forEach(body::remove);
    JsonNode region = body.get("region");
    if (region != null && region.isObject() && region.path("slug").isTextual()) {
      body.put("region", region.get("slug").asText());
    }
    if (body.path("tag").isTextual() && !body.get("tag").asText().isEmpty()) {
      body.remove("droplet_ids");
    } else if (body.has("droplet_ids")) {
      body.remove("tag");
    }
    ObjectNode glb = (ObjectNode) body.get("glb_settings");
    ObjectNode map = glb.putObject("region_priorities");
    priorities.byRegion().forEach(map::put);
    return body;
  }
}
