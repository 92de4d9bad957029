package dev.baton.agent.config;

import dev.baton.agent.role.Role;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's validated configuration. Build it with {@link #builder()} (or load it with {@link
 * AgentConfigLoader}): {@link AgentConfigBuilder#build()} checks every rule and lists every problem
 * at once.
 *
 * @param region the DigitalOcean region of this droplet, e.g. {@code nyc1}
 * @param instanceId this droplet's id within the region (default: the host name)
 * @param table the DynamoDB global table
 * @param awsRegion the AWS region of the nearest replica of the table
 * @param controlRegions the regions of a strongly consistent (MRSC) control table's three replicas,
 *     nearest first ({@code awsRegion} first): the agent uses the nearest and switches to the next
 *     when a call fails there (issue 14); empty: the agent uses {@code awsRegion} alone
 * @param awsEndpoint an endpoint override for emulators (moto), or null for AWS
 * @param heartbeatInterval time between beats
 * @param heartbeatJitter at most this much is added to or taken from each interval
 * @param heartbeatTtl how long a heartbeat item lives (DynamoDB TTL {@code expiresAt})
 * @param fenceAfter without a successful round trip to the store for this long, the agent fences
 * @param probe how to probe the application
 * @param hooks the role commands
 * @param listen the loopback endpoint ({@code /role}, {@code /health})
 * @param stateFile where {@code seq} (and the drain flag) survive restarts
 * @param allowUnsynchronisedClock run even when the system clock is not synchronised
 * @param outsideProbes probe the other regions' public health URLs (published by the monitor on the
 *     baton item) every beat and report them in the heartbeat (docs/decisions/0023)
 */
public record AgentConfig(
    String region,
    String instanceId,
    String table,
    String awsRegion,
    List<String> controlRegions,
    URI awsEndpoint,
    Duration heartbeatInterval,
    Duration heartbeatJitter,
    Duration heartbeatTtl,
    Duration fenceAfter,
    Probe probe,
    Hooks hooks,
    Listen listen,
    Path stateFile,
    boolean allowUnsynchronisedClock,
    boolean outsideProbes) {

  public AgentConfig {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(awsRegion, "awsRegion");
    controlRegions = List.copyOf(controlRegions);
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(heartbeatJitter, "heartbeatJitter");
    Objects.requireNonNull(heartbeatTtl, "heartbeatTtl");
    Objects.requireNonNull(fenceAfter, "fenceAfter");
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(hooks, "hooks");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(stateFile, "stateFile");
  }

  /** A builder with the documented defaults; {@link AgentConfigBuilder#build()} validates. */
  public static AgentConfigBuilder builder() {
    return new AgentConfigBuilder();
  }

  /** A builder holding this configuration, to change a field or two (tests, overrides). */
  public AgentConfigBuilder toBuilder() {
    return new AgentConfigBuilder(this);
  }

  /**
   * The application's health probe.
   *
   * @param url the health endpoint
   * @param timeout a probe that takes longer fails (UNHEALTHY)
   * @param expectedStatus the HTTP status of a healthy answer
   * @param expectedBody text a healthy answer's body contains, or null to not look at the body
   * @param slowAfter a healthy answer slower than this reports DEGRADED
   */
  public record Probe(
      URI url, Duration timeout, int expectedStatus, String expectedBody, Duration slowAfter) {
    public Probe {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(slowAfter, "slowAfter");
    }
  }

  /**
   * Commands run (with {@code /bin/sh -c}) when the role changes; null when not configured.
   *
   * @param timeout a hook still running after this is killed with its child processes
   * @param socket the hook runner's socket ({@code baton-agent-hooks.socket}: hooks run as the
   *     {@code baton-hooks} user through it), or null ({@code none}) to run hooks as the agent's
   *     own user
   */
  public record Hooks(
      String onActive, String onStandby, String onFenced, Duration timeout, Path socket) {
    public Hooks {
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Whether any of the three hooks is configured. */
    public boolean any() {
      return Arrays.stream(Role.values()).anyMatch(r -> commandFor(r).isPresent());
    }

    /** The command for entering {@code role}, if one is configured. */
    public Optional<String> commandFor(Role role) {
      String command =
          switch (role) {
            case ACTIVE -> onActive;
            case STANDBY -> onStandby;
            case FENCED -> onFenced;
          };
      return command == null || command.isBlank() ? Optional.empty() : Optional.of(command);
    }
  }

  /**
   * Where the loopback endpoint listens.
   *
   * @param port 0 picks a free port (tests)
   */
  public record Listen(String address, int port) {
    public Listen {
      Objects.requireNonNull(address, "address");
    }
  }
}
