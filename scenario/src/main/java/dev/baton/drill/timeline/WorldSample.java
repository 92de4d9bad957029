package dev.baton.drill.timeline;

import java.util.Map;
import java.util.Objects;

/**
 * What the drill sees of the world at one instant, outside the table: the role every agent reports
 * (what its {@code /role} endpoint says) and where every router sends users. Sampled at least every
 * 100 ms; the drill keeps the changes as timelines.
 *
 * @param agents by instance id: the instance's region and role
 * @param routers by router type ({@code do-global-lb}, {@code do-dns}, ...): the region it points
 *     at, or what it points at verbatim when that is no region's address ({@code ?} when the router
 *     could not be read)
 */
public record WorldSample(Map<String, AgentRole> agents, Map<String, String> routers) {

  /** An agent's role as it reports it: {@code active}, {@code standby} or {@code fenced}. */
  public static final String ACTIVE = "active";

  /** No agent runs on the droplet (killed, or not started yet). */
  public static final String DOWN = "down";

  /** The agent runs but has not decided its role yet. */
  public static final String UNKNOWN = "unknown";

  /**
   * The role word of an agent, as both runners report it.
   *
   * @param running whether an agent runs on the droplet
   * @param role the agent's role ({@code ACTIVE}, {@code STANDBY}, {@code FENCED}), or null when
   *     not decided yet
   */
  public static String roleWord(boolean running, Enum<?> role) {
    if (!running) {
      return DOWN;
    }
    return role == null ? UNKNOWN : role.name().toLowerCase(java.util.Locale.ROOT);
  }

  public WorldSample {
    agents = Map.copyOf(agents);
    routers = Map.copyOf(routers);
  }

  /**
   * One agent's role.
   *
   * @param region its DigitalOcean region
   * @param role {@code active}, {@code standby}, {@code fenced}, {@code unknown} (not decided yet)
   *     or {@link #DOWN}
   */
  public record AgentRole(String region, String role) {
    public AgentRole {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(role, "role");
    }
  }
}
