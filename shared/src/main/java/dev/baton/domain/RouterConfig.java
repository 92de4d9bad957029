package dev.baton.domain;

import java.util.Map;
import java.util.Objects;

/**
 * One traffic router of the topology, applied in order during a promotion.
 *
 * @param type one of {@code do-global-lb}, {@code do-dns}, {@code cloudflare-dns}, {@code route53}
 * @param settings the router's settings (zone, record name, TTL, load balancer id, ...); the
 *     router's adapter validates them
 */
public record RouterConfig(String type, Map<String, String> settings) {
  public static final java.util.Set<String> TYPES =
      java.util.Set.of("do-global-lb", "do-dns", "cloudflare-dns", "route53");

  public RouterConfig {
    Objects.requireNonNull(type, "type");
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /** A setting, or null when absent. */
  public String setting(String key) {
    return settings.get(key);
  }
}
