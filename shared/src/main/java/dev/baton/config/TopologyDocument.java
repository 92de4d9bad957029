package dev.baton.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Walks a parsed topology document section by section, collecting every problem instead of stopping
 * at the first (which object mapping would do). The records' own rules ({@link Timings#problems},
 * {@link FailoverPolicy#problems}, {@link RegionConfig#problems}) are reused so a rule lives in one
 * place.
 */
final class TopologyDocument {
  private static final Set<String> TOP = Set.of("app", "regions", "routers", "timings", "policy");
  private static final Set<String> REGION =
      Set.of("name", "priority", "awsRegion", "loadBalancerId", "publicAddress", "healthUrl");
  private static final Set<String> ROUTER = Set.of("type", "settings");
  private static final Set<String> TIMINGS =
      Set.of(
          "heartbeatInterval",
          "staleAfter",
          "failAfter",
          "recoverAfter",
          "startupGrace",
          "membershipWindow",
          "maxClockSkew");
  private static final Set<String> POLICY =
      Set.of("quorum", "minAutoPromotionGap", "maxAutoPromotions", "flapWindow");
  private static final Set<String> DNS_ROUTERS = Set.of("do-dns", "cloudflare-dns", "route53");
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:-]+");

  private final List<ConfigProblem> problems = new ArrayList<>();

  List<ConfigProblem> problems() {
    return problems;
  }

  /** The topology, or null when there were problems. */
  Topology read(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      problem("(document)", "is empty: a topology needs app, regions and routers");
      return null;
    }
    if (!root.isObject()) {
      problem("(document)", "must be a mapping with app, regions, routers, timings and policy");
      return null;
    }
    unknownFields(root, "", TOP);
    String app = text(root, "app", "app", true);
    List<RegionConfig> regions = regions(root.get("regions"));
    List<RouterConfig> routers = routers(root.get("routers"));
    Timings timings = timings(root.get("timings"));
    FailoverPolicy policy = policy(root.get("policy"));
    addressesForDnsRouters(root.get("regions"), routers);
    if (app != null && app.isBlank()) {
      problem("app", "is required (a short name used in messages)");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new Topology(app, regions, routers, timings, policy);
  }

  private List<RegionConfig> regions(JsonNode node) {
    List<RegionConfig> regions = new ArrayList<>();
    if (node == null || node.isNull()) {
      problem("regions", "is required: at least two regions to fail over between");
      return regions;
    }
    if (!node.isArray()) {
      problem("regions", "must be a list of regions");
      return regions;
    }
    Map<String, Integer> names = new HashMap<>();
    Map<Integer, String> priorities = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "regions[" + i + "]";
      JsonNode r = node.get(i);
      if (!r.isObject()) {
        problem(at, "must be a mapping with name, priority and awsRegion");
        continue;
      }
      int before = problems.size();
      unknownFields(r, at + ".", REGION);
      String name = text(r, "name", at + ".name", true);
      Integer priority = integer(r, "priority", at + ".priority", true);
      String awsRegion = text(r, "awsRegion", at + ".awsRegion", true);
      String lb = text(r, "loadBalancerId", at + ".loadBalancerId", false);
      String address = text(r, "publicAddress", at + ".publicAddress", false);
      String healthUrl = text(r, "healthUrl", at + ".healthUrl", false);
      List<ConfigProblem> own =
          RegionConfig.problems(at, name, priority == null ? 0 : priority, awsRegion);
      // Missing fields were reported above; the record's rules cover the values present.
      own.removeIf(
          p ->
              (name == null && p.field().equals(at + ".name"))
                  || (awsRegion == null && p.field().equals(at + ".awsRegion")));
      problems.addAll(own);
      if (awsRegion != null && !awsRegion.isBlank() && !AWS_REGION.matcher(awsRegion).matches()) {
        problem(
            at + ".awsRegion",
            "must be an AWS region such as us-east-1 or eu-west-1, was '" + awsRegion + "'");
      }
      if (address != null && !ADDRESS.matcher(address).matches()) {
        problem(
            at + ".publicAddress",
            "must be an IP address or a host name (no scheme, port or path), was '"
                + address
                + "'");
      }
      if (healthUrl != null) {
        checkHealthUrl(at + ".healthUrl", healthUrl);
      }
      if (name != null) {
        Integer first = names.putIfAbsent(name, i);
        if (first != null) {
          problem(
              at + ".name",
              "duplicate region '" + name + "' (also regions[" + first + "]): each region once");
        }
      }
      if (priority != null) {
        String holder = priorities.putIfAbsent(priority, name);
        if (holder != null) {
          problem(
              at + ".priority",
              "duplicate priority "
                  + priority
                  + " (also "
                  + holder
                  + "): the failover order must be explicit");
        }
      }
      if (problems.size() == before) {
        regions.add(new RegionConfig(name, priority, awsRegion, lb, address, healthUrl));
      }
    }
    if (node.size() < 2) {
      problem("regions", "must list at least two regions to fail over between, had " + node.size());
    }
    return regions;
  }

  private List<RouterConfig> routers(JsonNode node) {
    List<RouterConfig> routers = new ArrayList<>();
    if (node == null || node.isNull()) {
      problem(
          "routers",
          "is required: at least one of "
              + new TreeSet<>(RouterConfig.TYPES)
              + ", or Baton moves the baton but no traffic");
      return routers;
    }
    if (!node.isArray()) {
      problem("routers", "must be a list of routers");
      return routers;
    }
    if (node.isEmpty()) {
      problem("routers", "must list at least one router, or Baton moves the baton but no traffic");
    }
    for (int i = 0; i < node.size(); i++) {
      String at = "routers[" + i + "]";
      JsonNode r = node.get(i);
      if (!r.isObject()) {
        problem(at, "must be a mapping with type and settings");
        continue;
      }
      unknownFields(r, at + ".", ROUTER);
      String type = text(r, "type", at + ".type", true);
      if (type != null && !RouterConfig.TYPES.contains(type)) {
        problem(
            at + ".type",
            "unknown router type '" + type + "'; known: " + new TreeSet<>(RouterConfig.TYPES));
      }
      Map<String, String> settings = new LinkedHashMap<>();
      JsonNode s = r.get("settings");
      if (s != null && !s.isNull()) {
        if (!s.isObject()) {
          problem(at + ".settings", "must be a mapping of setting names to values");
        } else {
          Iterator<Map.Entry<String, JsonNode>> fields = s.fields();
          while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isValueNode() && !f.getValue().isNull()) {
              settings.put(f.getKey(), f.getValue().asText());
            } else {
              problem(
                  at + ".settings." + f.getKey(),
                  "must be a single value (text, number or true/false)");
            }
          }
        }
      }
      if (type != null) {
        routers.add(new RouterConfig(type, settings));
      }
    }
    return routers;
  }

  private Timings timings(JsonNode node) {
    Timings d = Timings.DEFAULTS;
    if (node != null && !node.isNull() && !node.isObject()) {
      problem("timings", "must be a mapping of timing names to durations");
      return d;
    }
    if (node != null) {
      unknownFields(node, "timings.", TIMINGS);
    }
    int before = problems.size();
    Duration heartbeat = duration(node, "heartbeatInterval", "timings", d.heartbeatInterval());
    Duration stale = duration(node, "staleAfter", "timings", d.staleAfter());
    Duration fail = duration(node, "failAfter", "timings", d.failAfter());
    Duration recover = duration(node, "recoverAfter", "timings", d.recoverAfter());
    Duration grace = duration(node, "startupGrace", "timings", d.startupGrace());
    Duration membership = duration(node, "membershipWindow", "timings", d.membershipWindow());
    Duration skew = duration(node, "maxClockSkew", "timings", d.maxClockSkew());
    if (problems.size() > before) {
      // A value that is not a duration cannot be compared with the others: fix it first.
      return d;
    }
    List<ConfigProblem> rules =
        Timings.problems("timings", heartbeat, stale, fail, recover, grace, membership, skew);
    problems.addAll(rules);
    return rules.isEmpty()
        ? new Timings(heartbeat, stale, fail, recover, grace, membership, skew)
        : d;
  }

  private FailoverPolicy policy(JsonNode node) {
    FailoverPolicy d = FailoverPolicy.DEFAULTS;
    if (node != null && !node.isNull() && !node.isObject()) {
      problem("policy", "must be a mapping of policy settings");
      return d;
    }
    if (node != null) {
      unknownFields(node, "policy.", POLICY);
    }
    int before = problems.size();
    Double quorum = d.quorum();
    JsonNode q = node == null ? null : node.get("quorum");
    if (q != null && !q.isNull()) {
      if (q.isNumber()) {
        quorum = q.asDouble();
      } else if (q.isTextual() && q.asText().trim().equals("majority")) {
        quorum = null;
      } else {
        problem(
            "policy.quorum",
            "must be a fraction of members in (0, 1] or 'majority', was '" + q.asText() + "'");
      }
    }
    Duration gap = duration(node, "minAutoPromotionGap", "policy", d.minAutoPromotionGap());
    Integer max =
        node == null ? null : integer(node, "maxAutoPromotions", "policy.maxAutoPromotions", false);
    Duration window = duration(node, "flapWindow", "policy", d.flapWindow());
    if (problems.size() > before) {
      return d;
    }
    int maxAuto = max == null ? d.maxAutoPromotions() : max;
    List<ConfigProblem> rules = FailoverPolicy.problems("policy", quorum, gap, maxAuto, window);
    problems.addAll(rules);
    return rules.isEmpty() ? new FailoverPolicy(quorum, gap, maxAuto, window) : d;
  }

  /** DNS routers point the record at the active region's address: every region needs one. */
  private void addressesForDnsRouters(JsonNode regions, List<RouterConfig> routers) {
    List<String> dns =
        routers.stream().map(RouterConfig::type).filter(DNS_ROUTERS::contains).distinct().toList();
    if (dns.isEmpty() || regions == null || !regions.isArray()) {
      return;
    }
    for (int i = 0; i < regions.size(); i++) {
      JsonNode r = regions.get(i);
      if (r.isObject() && (r.get("publicAddress") == null || r.get("publicAddress").isNull())) {
        problem(
            "regions[" + i + "].publicAddress",
            "is required: the "
                + String.join(", ", dns)
                + " router points DNS at the active region's address");
      }
    }
  }

  private void checkHealthUrl(String field, String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null) {
        problem(field, "must be an absolute http or https URL, was '" + url + "'");
      }
    } catch (URISyntaxException e) {
      problem(field, "must be an absolute http or https URL, was '" + url + "': " + e.getReason());
    }
  }

  private void unknownFields(JsonNode node, String prefix, Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problem(prefix + name, "is not a known field; known: " + new TreeSet<>(known));
      }
    }
  }

  /** A text field; null when absent (a problem when required) or not text (a problem). */
  private String text(JsonNode node, String key, String field, boolean required) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        problem(field, "is required");
      }
      return null;
    }
    if (!v.isValueNode() || v.isBoolean()) {
      problem(field, "must be text");
      return null;
    }
    return v.asText();
  }

  private Integer integer(JsonNode node, String key, String field, boolean required) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        problem(field, "is required");
      }
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      problem(field, "must be a whole number, was '" + v.asText() + "'");
      return null;
    }
    return v.intValue();
  }

  private Duration duration(JsonNode node, String key, String section, Duration fallback) {
    JsonNode v = node == null ? null : node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      problem(section + "." + key, DurationText.RULE + ", was '" + v.asText() + "'");
      return fallback;
    }
    try {
      return DurationText.parseUnsigned(v.asText());
    } catch (IllegalArgumentException e) {
      problem(section + "." + key, e.getMessage());
      return fallback;
    }
  }

  private void problem(String field, String rule) {
    problems.add(new ConfigProblem(field, rule));
  }
}
