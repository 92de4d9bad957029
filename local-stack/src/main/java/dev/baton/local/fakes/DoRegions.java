package dev.baton.local.fakes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The DigitalOcean region objects the fake returns where the API embeds a full region. */
final class DoRegions {
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("ams1", "Amsterdam 1"),
          Map.entry("ams2", "Amsterdam 2"),
          Map.entry("ams3", "Amsterdam 3"),
          Map.entry("blr1", "Bangalore 1"),
          Map.entry("fra1", "Frankfurt 1"),
          Map.entry("lon1", "London 1"),
          Map.entry("nyc1", "New York 1"),
          Map.entry("nyc2", "New York 2"),
          Map.entry("nyc3", "New York 3"),
          Map.entry("sfo1", "San Francisco 1"),
          Map.entry("sfo2", "San Francisco 2"),
          Map.entry("sfo3", "San Francisco 3"),
          Map.entry("sgp1", "Singapore 1"),
          Map.entry("tor1", "Toronto 1"),
          Map.entry("syd1", "Sydney 1"));

  private DoRegions() {}

  static boolean known(String slug) {
    return NAMES.containsKey(slug);
  }

  /** The region object of {@code slug} as a GET returns it. */
  static ObjectNode region(String slug) {
    if (!known(slug)) {
      throw ApiError.digitalOcean(
          422, "unprocessable_entity", "region '" + slug + "' is not a valid region slug");
    }
    ObjectNode region = JsonNodeFactory.instance.objectNode();
    region.put("name", NAMES.get(slug));
    region.put("slug", slug);
    region.putArray("features").add("private_networking").add("backups").add("ipv6");
    region.put("available", true);
    region.putArray("sizes").add("s-1vcpu-1gb").add("s-1vcpu-2gb").add("s-2vcpu-4gb");
    return region;
  }
}
