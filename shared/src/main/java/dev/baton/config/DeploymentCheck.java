package dev.baton.config;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a valid topology against the stack it is deployed with: what the topology alone cannot
 * know. Run at deploy time by the stack's {@code TopologyCheck} custom resource (a failing check
 * fails the deploy before any function gets the topology) and by {@code baton topology check}.
 *
 * <ul>
 *   <li>every region's {@code awsRegion} holds a replica of the table (the home region or one of
 *       {@code ReplicaRegions}): agents elsewhere could neither beat nor fence correctly;
 *   <li>every router has what it needs from the stack: a DigitalOcean or Cloudflare token secret,
 *       the hosted zone the Route 53 policy is scoped to, and its record name among the names the
 *       policy allows.
 * </ul>
 */
public final class DeploymentCheck {
  private DeploymentCheck() {}

  /**
   * What the stack provides.
   *
   * @param homeRegion the region the stack (and the table's home replica) is deployed in
   * @param replicaRegions the other regions holding a replica ({@code ReplicaRegions})
   * @param route53RecordNames the record names the Route 53 policy allows ({@code
   *     Route53RecordNames})
   * @param hostedZoneId the hosted zone the Route 53 policy allows ({@code HostedZoneId}), or empty
   * @param hasDigitalOceanToken whether {@code DoTokenSecretArn} is set
   * @param hasCloudflareToken whether {@code CloudflareTokenSecretArn} is set
   */
  public record Stack(
      String homeRegion,
      List<String> replicaRegions,
      List<String> route53RecordNames,
      String hostedZoneId,
      boolean hasDigitalOceanToken,
      boolean hasCloudflareToken) {
    public Stack {
      Objects.requireNonNull(homeRegion, "homeRegion");
      replicaRegions = nonBlank(replicaRegions);
      route53RecordNames = nonBlank(route53RecordNames);
      hostedZoneId = hostedZoneId == null ? "" : hostedZoneId.strip();
    }

    /** The regions with a replica: the home region first. */
    public Set<String> replicas() {
      Set<String> all = new LinkedHashSet<>();
      all.add(homeRegion.strip());
      all.addAll(replicaRegions);
      return all;
    }
  }

  /**
   * The replica rule alone (every region's {@code awsRegion} has a replica), for a topology checked
   * before any stack exists.
   */
  public static List<ConfigProblem> problems(
      Topology topology, String homeRegion, List<String> replicaRegions) {
    return replicaProblems(
        topology, new Stack(homeRegion, replicaRegions, List.of(), "", true, true));
  }

  /** The template makes replicas of the first four {@code ReplicaRegions} entries only. */
  public static final int MAX_REPLICA_REGIONS = 4;

  /** Every problem of deploying {@code topology} with {@code stack}; empty when it fits. */
  public static List<ConfigProblem> problems(Topology topology, Stack stack) {
    List<ConfigProblem> problems = new ArrayList<>(stackProblems(stack));
    problems.addAll(replicaProblems(topology, stack));
    List<RouterConfig> routers = topology.routers();
    for (int i = 0; i < routers.size(); i++) {
      RouterConfig router = routers.get(i);
      String field = "routers[" + i + "]";
      switch (router.type()) {
        case "do-global-lb", "do-dns" -> {
          if (!stack.hasDigitalOceanToken()) {
            problems.add(
                new ConfigProblem(
                    field + ".type",
                    "a "
                        + router.type()
                        + " router needs the DigitalOcean token: set the stack parameter"
                        + " DoTokenSecretArn"));
          }
        }
        case "cloudflare-dns" -> {
          if (!stack.hasCloudflareToken()) {
            problems.add(
                new ConfigProblem(
                    field + ".type",
                    "a cloudflare-dns router needs the Cloudflare token: set the stack parameter"
                        + " CloudflareTokenSecretArn"));
          }
        }
        case "route53" -> problems.addAll(route53Problems(router, field, stack));
        default -> {
          // Unknown types are the topology's own problem, reported when it loads.
        }
      }
    }
    return problems;
  }

  /** A record name as Route 53's IAM condition keys compare it: lower case, no final dot. */
  public static String normalizedRecordName(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** The stack's own parameters, whatever the topology. */
  private static List<ConfigProblem> stackProblems(Stack stack) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (stack.replicaRegions().size() > MAX_REPLICA_REGIONS) {
      problems.add(
          new ConfigProblem(
              "ReplicaRegions",
              "at most "
                  + MAX_REPLICA_REGIONS
                  + " regions besides the stack's own (the template makes no more replicas), had "
                  + stack.replicaRegions()));
    }
    for (String name : stack.route53RecordNames()) {
      if (!name.equals(normalizedRecordName(name))) {
        problems.add(
            new ConfigProblem(
                "Route53RecordNames",
                "'"
                    + name
                    + "' must be written '"
                    + normalizedRecordName(name)
                    + "' (lower case, no final dot): IAM compares the names Route 53 normalizes,"
                    + " so any other spelling would refuse every change of the record"));
      }
    }
    return problems;
  }

  private static List<ConfigProblem> replicaProblems(Topology topology, Stack stack) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> replicas = stack.replicas();
    List<RegionConfig> regions = topology.regions();
    for (int i = 0; i < regions.size(); i++) {
      RegionConfig region = regions.get(i);
      if (!replicas.contains(region.awsRegion())) {
        problems.add(
            new ConfigProblem(
                "regions[" + i + "].awsRegion",
                region.name()
                    + "'s agents write to "
                    + region.awsRegion()
                    + ", which holds no replica of the table: it must be the stack's region or one"
                    + " of ReplicaRegions "
                    + List.copyOf(replicas)
                    + " (add it to ReplicaRegions, or point the region at one of those)"));
      }
    }
    return problems;
  }

  private static List<ConfigProblem> route53Problems(
      RouterConfig router, String field, Stack stack) {
    List<ConfigProblem> problems = new ArrayList<>();
    String zone = hostedZone(router.setting("hostedZoneId"));
    if (stack.hostedZoneId().isEmpty()) {
      problems.add(
          new ConfigProblem(
              field + ".type",
              "a route53 router needs the stack parameter HostedZoneId (the zone its policy may"
                  + " change)"));
    } else if (zone != null && !zone.equals(hostedZone(stack.hostedZoneId()))) {
      problems.add(
          new ConfigProblem(
              field + ".settings.hostedZoneId",
              "must be the stack's HostedZoneId "
                  + stack.hostedZoneId()
                  + " (the only zone the promotion function may change), was "
                  + zone));
    }
    String name = router.setting("recordName");
    if (name != null
        && !name.isBlank()
        && !stack.route53RecordNames().stream()
            .map(DeploymentCheck::normalizedRecordName)
            .toList()
            .contains(normalizedRecordName(name))) {
      problems.add(
          new ConfigProblem(
              field + ".settings.recordName",
              "'"
                  + normalizedRecordName(name)
                  + "' must be one of the stack parameter Route53RecordNames "
                  + stack.route53RecordNames()
                  + " (the only records the promotion function may change)"));
    }
    return problems;
  }

  /** A zone id as the router reads it: {@code /hostedzone/Z123} and {@code Z123} are one zone. */
  private static String hostedZone(String id) {
    if (id == null) {
      return null;
    }
    String stripped = id.strip();
    return stripped.startsWith("/hostedzone/")
        ? stripped.substring("/hostedzone/".length())
        : stripped;
  }

  private static List<String> nonBlank(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
  }
}
