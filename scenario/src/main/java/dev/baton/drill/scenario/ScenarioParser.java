package dev.baton.drill.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.config.DurationText;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.HandoverGate;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario file (YAML, documented in docs/drills.md) into a {@link Scenario}, multiplying
 * every duration by the scale. Reports every problem at once, each with its field, rule and line.
 */
public final class ScenarioParser {
  private static final Set<String> TOP =
      Set.of(
          "name",
          "description",
          "scale",
          "timings",
          "policy",
          "aws",
          "regions",
          "routers",
          "agent",
          "sweepInterval",
          "duration",
          "timeline",
          "expect");
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
  private static final Set<String> REGION = Set.of("name", "priority", "instances", "awsRegion");
  private static final Set<String> AWS =
      Set.of("home", "replicas", "replicationDelay", "monitorRegions");
  private static final Set<String> KNOWN_AWS_REGIONS =
      software.amazon.awssdk.regions.Region.regions().stream()
          .filter(r -> !r.isGlobalRegion())
          .map(software.amazon.awssdk.regions.Region::id)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
  private static final Set<String> ENTRY = Set.of("at", "do", "reason", "force", "expect");
  private static final Set<String> AGENT = Set.of("fenceAfter");
  private static final List<String> DEFAULT_ROUTERS = List.of("do-global-lb", "cloudflare-dns");
  private static final Duration DEFAULT_SWEEP = Duration.ofMinutes(1);
  private static final Duration DEFAULT_FENCE_AFTER = Duration.ofSeconds(10);
  private static final int MAX_INSTANCES = 9;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /** Every action word a timeline may use, in the order docs/drills.md lists them. */
  public static List<String> actionWords() {
    return ActionText.ACTIONS;
  }

  /** Parses the file at {@code path}; {@code scaleOverride} (or null) replaces the file's scale. */
  public Scenario parse(Path path, Double scaleOverride) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario " + path + ": " + e.getMessage(), e);
    }
    return parse(text, path.toString(), scaleOverride);
  }

  /**
   * Parses {@code text}.
   *
   * @param source names the text in messages (a file name)
   * @param scaleOverride replaces the file's {@code scale} when not null
   * @throws InvalidScenarioException listing every problem
   */
  public Scenario parse(String text, String source, Double scaleOverride) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InvalidScenarioException(
          source,
          List.of(
              new ScenarioProblem(
                  "(document)", "is not valid YAML: " + e.getOriginalMessage(), line)));
    }
    Reading r = new Reading(LineMap.of(text));
    if (root == null || !root.isObject()) {
      r.problem(
          "(document)", "must be a mapping with at least name, regions, duration and timeline");
      throw new InvalidScenarioException(source, r.problems);
    }
    return new Parse(r, root, scaleOverride).scenario(source);
  }

  /** The problems found so far, with their lines. */
  private static final class Reading {
    final LineMap lines;
    final List<ScenarioProblem> problems = new ArrayList<>();

    Reading(LineMap lines) {
      this.lines = lines;
    }

    void problem(String field, String rule) {
      problems.add(new ScenarioProblem(field, rule, lines.lineOf(field)));
    }
  }

  /** One parse of one document. */
  private static final class Parse {
    private final Reading r;
    private final JsonNode root;
    private final Double scaleOverride;
    private double scale = 1.0;
    private final List<ScenarioRegion> regions = new ArrayList<>();
    private AwsSide aws = AwsSide.single();

    Parse(Reading r, JsonNode root, Double scaleOverride) {
      this.r = r;
      this.root = root;
      this.scaleOverride = scaleOverride;
    }

    Scenario scenario(String source) {
      unknownFields(root, "", TOP);
      String name = text(root, "name", true);
      String description = text(root, "description", false);
      scale = scale();
      Timings timings = timings();
      FailoverPolicy policy = policy();
      aws();
      regions();
      List<String> routers = routers();
      Duration sweep = optionalDuration(root, "sweepInterval", DEFAULT_SWEEP);
      // The monitor publishes the fence deadline its grant relies on; agents default to it.
      Duration deadline =
          timings == null ? DEFAULT_FENCE_AFTER : HandoverGate.fenceDeadline(timings);
      Duration fenceAfter = deadline;
      JsonNode agent = root.get("agent");
      if (agent != null) {
        if (!agent.isObject()) {
          r.problem("agent", "must be a mapping (fenceAfter)");
        } else {
          unknownFields(agent, "agent", AGENT);
          if (agent.has("fenceAfter")) {
            fenceAfter = optionalDuration(agent, "agent", "fenceAfter", deadline);
          }
          if (fenceAfter != null && fenceAfter.compareTo(deadline) > 0) {
            r.problem(
                "agent.fenceAfter",
                "must be at most the monitor's fence deadline "
                    + DurationText.format(deadline)
                    + " (timings.failAfter - timings.maxClockSkew, at least 2 x"
                    + " heartbeatInterval), was "
                    + DurationText.format(fenceAfter)
                    + ": an agent could stay active after its region was failed over");
          }
        }
      }
      Duration duration = requiredDuration(root, "", "duration");
      List<TimelineEntry> timeline = new ArrayList<>();
      List<Expectation> expectations = new ArrayList<>();
      if (duration != null) {
        timeline(duration, timeline, expectations);
        topLevelExpectations(duration, expectations);
      }
      if (!r.problems.isEmpty()) {
        throw new InvalidScenarioException(source, r.problems);
      }
      timeline.sort(Comparator.comparing(TimelineEntry::at));
      return new Scenario(
          name,
          description,
          scale,
          timings,
          policy,
          sweep,
          aws,
          regions,
          routers,
          fenceAfter,
          duration,
          timeline,
          expectations);
    }

    private double scale() {
      if (scaleOverride != null) {
        if (!(scaleOverride > 0 && scaleOverride <= 10)) {
          r.problem("scale", "--scale must be in (0, 10], was " + scaleOverride);
          return 1.0;
        }
        return scaleOverride;
      }
      JsonNode node = root.get("scale");
      if (node == null) {
        return 1.0;
      }
      if (!node.isNumber() || !(node.asDouble() > 0 && node.asDouble() <= 10)) {
        r.problem("scale", "must be a number in (0, 10] (0.1 runs ten times faster), was " + node);
        return 1.0;
      }
      return node.asDouble();
    }

    private Timings timings() {
      Timings d = Timings.DEFAULTS;
      JsonNode node = root.get("timings");
      if (node != null && !node.isObject()) {
        r.problem("timings", "must be a mapping of timing name to duration");
        node = null;
      }
      if (node != null) {
        unknownFields(node, "timings", TIMINGS);
      }
      try {
        return new Timings(
            timing(node, "heartbeatInterval", d.heartbeatInterval()),
            timing(node, "staleAfter", d.staleAfter()),
            timing(node, "failAfter", d.failAfter()),
            timing(node, "recoverAfter", d.recoverAfter()),
            timing(node, "startupGrace", d.startupGrace()),
            timing(node, "membershipWindow", d.membershipWindow()),
            timing(node, "maxClockSkew", d.maxClockSkew()));
      } catch (dev.baton.domain.InvalidConfigException e) {
        e.problems().forEach(p -> r.problem(p.field(), p.rule()));
        return Timings.DEFAULTS;
      }
    }

    private Duration timing(JsonNode node, String field, Duration fallback) {
      Duration unscaled = fallback;
      if (node != null && node.has(field)) {
        Duration d = duration(node.get(field), "timings." + field);
        if (d != null) {
          unscaled = d;
        }
      }
      return DurationText.scale(unscaled, scale);
    }

    private FailoverPolicy policy() {
      FailoverPolicy d = FailoverPolicy.DEFAULTS;
      JsonNode node = root.get("policy");
      if (node == null) {
        return new FailoverPolicy(
            d.quorum(),
            DurationText.scale(d.minAutoPromotionGap(), scale),
            d.maxAutoPromotions(),
            DurationText.scale(d.flapWindow(), scale));
      }
      if (!node.isObject()) {
        r.problem("policy", "must be a mapping (quorum, minAutoPromotionGap, ...)");
        return d;
      }
      unknownFields(node, "policy", POLICY);
      Double quorum = d.quorum();
      if (node.has("quorum")) {
        if (node.get("quorum").isNumber()) {
          quorum = node.get("quorum").asDouble();
        } else {
          r.problem("policy.quorum", "must be a fraction such as 0.5");
        }
      }
      int max = d.maxAutoPromotions();
      if (node.has("maxAutoPromotions")) {
        if (node.get("maxAutoPromotions").canConvertToInt()
            && node.get("maxAutoPromotions").isIntegralNumber()) {
          max = node.get("maxAutoPromotions").asInt();
        } else {
          r.problem("policy.maxAutoPromotions", "must be a whole number");
        }
      }
      Duration gap =
          optionalDuration(node, "policy", "minAutoPromotionGap", d.minAutoPromotionGap());
      Duration window = optionalDuration(node, "policy", "flapWindow", d.flapWindow());
      List<ConfigProblem> problems = FailoverPolicy.problems("policy", quorum, gap, max, window);
      if (!problems.isEmpty()) {
        problems.forEach(p -> r.problem(p.field(), p.rule()));
        return d;
      }
      return new FailoverPolicy(quorum, gap, max, window);
    }

    /** The {@code aws:} section: home, replicas, replicationDelay (see docs/drills.md). */
    private void aws() {
      JsonNode node = root.get("aws");
      if (node == null) {
        return;
      }
      if (!node.isObject()) {
        r.problem("aws", "must be a mapping {home, replicas, replicationDelay}");
        return;
      }
      unknownFields(node, "aws", AWS);
      List<String> monitors = monitorRegions(node.get("monitorRegions"));
      JsonNode list = node.get("replicas");
      if (list == null && monitors != null) {
        // A strongly consistent control table: its replicas are the monitor regions.
        aws =
            new AwsSide(
                monitors.get(0),
                monitors,
                AwsSide.DEFAULT_MIN_DELAY,
                AwsSide.DEFAULT_MAX_DELAY,
                true,
                monitors);
        if (node.get("home") != null || node.get("replicationDelay") != null) {
          r.problem(
              "aws",
              "with monitorRegions the control table is strongly consistent (MRSC): the first"
                  + " monitor region is home and nothing lags; leave out home and"
                  + " replicationDelay");
        }
        return;
      }
      if (list == null || !list.isArray() || list.isEmpty()) {
        r.problem("aws.replicas", "is required: a non-empty list of AWS regions such as us-east-1");
        return;
      }
      List<String> replicas = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String field = "aws.replicas[" + i + "]";
        String region = list.get(i).asText();
        if (!list.get(i).isTextual() || !KNOWN_AWS_REGIONS.contains(region)) {
          r.problem(field, "unknown AWS region '" + region + "'; write one such as us-east-1");
        } else if (replicas.contains(region)) {
          r.problem(field, "duplicate replica '" + region + "': each AWS region once");
        } else {
          replicas.add(region);
        }
      }
      if (replicas.isEmpty()) {
        return;
      }
      String home = text(node, "aws", "home", false);
      if (home == null) {
        home = replicas.get(0);
      } else if (!replicas.contains(home)) {
        r.problem(
            "aws.home",
            "must be one of the replicas "
                + replicas
                + " (the monitor reads its replica's stream), was '"
                + home
                + "'");
        home = replicas.get(0);
      }
      Duration min = AwsSide.DEFAULT_MIN_DELAY;
      Duration max = AwsSide.DEFAULT_MAX_DELAY;
      JsonNode delay = node.get("replicationDelay");
      if (delay != null) {
        String text = delay.asText().trim();
        String[] range = text.split("\\s*\\.\\.\\s*");
        try {
          if (range.length > 2) {
            throw new IllegalArgumentException("has more than one '..', was '" + text + "'");
          }
          min = DurationText.parseUnsigned(range[0]);
          max = range.length == 2 ? DurationText.parseUnsigned(range[1]) : min;
          if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("MIN must be <= MAX, was '" + text + "'");
          }
        } catch (IllegalArgumentException e) {
          r.problem(
              "aws.replicationDelay",
              "must be a duration (2s) or a range MIN..MAX (500ms..1s): " + e.getMessage());
          min = AwsSide.DEFAULT_MIN_DELAY;
          max = AwsSide.DEFAULT_MAX_DELAY;
        }
      }
      if (monitors != null) {
        r.problem(
            "aws.monitorRegions",
            "makes the control table strongly consistent (MRSC) on exactly those three regions:"
                + " leave out replicas, home and replicationDelay");
        return;
      }
      aws =
          new AwsSide(
              home, replicas, DurationText.scale(min, scale), DurationText.scale(max, scale), true);
    }

    /**
     * {@code aws.monitorRegions}: exactly three distinct known AWS regions (an MRSC table has
     * three), or null when absent or wrong (the problem is recorded).
     */
    private List<String> monitorRegions(JsonNode list) {
      if (list == null) {
        return null;
      }
      if (!list.isArray() || list.size() != 3) {
        r.problem(
            "aws.monitorRegions",
            "must list exactly three AWS regions (a strongly consistent, MRSC, table spans three)");
        return null;
      }
      List<String> regions = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String field = "aws.monitorRegions[" + i + "]";
        String region = list.get(i).asText();
        if (!list.get(i).isTextual() || !KNOWN_AWS_REGIONS.contains(region)) {
          r.problem(field, "unknown AWS region '" + region + "'; write one such as us-east-1");
        } else if (regions.contains(region)) {
          r.problem(field, "duplicate region '" + region + "': each AWS region once");
        } else {
          regions.add(region);
        }
      }
      return regions.size() == 3 ? regions : null;
    }

    /** An AWS region checked against the scenario's replicas. */
    private String replica(String region) {
      if (!aws.replicas().contains(region)) {
        throw new IllegalArgumentException(
            (KNOWN_AWS_REGIONS.contains(region) ? "" : "unknown AWS region; ")
                + "'"
                + region
                + "' is not a replica of the scenario's table; its replicas: "
                + aws.replicas()
                + (aws.declared() ? "" : " (declare more under aws.replicas)"));
      }
      return region;
    }

    private void regions() {
      JsonNode node = root.get("regions");
      if (node == null || !node.isArray()) {
        r.problem("regions", "is required: a list of {name, instances, priority}");
        return;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < node.size(); i++) {
        String field = "regions[" + i + "]";
        JsonNode region = node.get(i);
        if (!region.isObject()) {
          r.problem(field, "must be a mapping {name, instances, priority}");
          continue;
        }
        unknownFields(region, field, REGION);
        String name = text(region, field, "name", true);
        int instances = whole(region, field, "instances", 1, 1, MAX_INSTANCES);
        int priority = whole(region, field, "priority", i, 0, 1000);
        String awsRegion = text(region, field, "awsRegion", false);
        if (awsRegion == null) {
          if (aws.replicas().size() > 1) {
            r.problem(
                field + ".awsRegion",
                "is required when the table has several replicas: the replica its droplets use,"
                    + " one of "
                    + aws.replicas());
          }
          awsRegion = aws.home();
        } else if (!aws.replicas().contains(awsRegion)) {
          r.problem(
              field + ".awsRegion",
              "must name one of the table's replicas "
                  + aws.replicas()
                  + " (a DigitalOcean region needs a replica to write to), was '"
                  + awsRegion
                  + "'");
        }
        if (name == null) {
          continue;
        }
        RegionConfig.problems(field, name, priority, "drill")
            .forEach(p -> r.problem(p.field(), p.rule()));
        if (!seen.add(name)) {
          r.problem(field + ".name", "duplicate region '" + name + "': each region once");
        }
        regions.add(new ScenarioRegion(name, priority, instances, awsRegion));
      }
      if (node.size() < 2) {
        r.problem(
            "regions", "must list at least two regions to fail over between, had " + node.size());
      }
    }

    private List<String> routers() {
      JsonNode node = root.get("routers");
      if (node == null) {
        return DEFAULT_ROUTERS;
      }
      if (!node.isArray() || node.isEmpty()) {
        r.problem(
            "routers",
            "must be a non-empty list of " + RouterConfig.TYPES.stream().sorted().toList());
        return DEFAULT_ROUTERS;
      }
      List<String> routers = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        String type = node.get(i).asText();
        if (!RouterConfig.TYPES.contains(type)) {
          r.problem(
              "routers[" + i + "]",
              "unknown router '"
                  + type
                  + "'; known: "
                  + RouterConfig.TYPES.stream().sorted().toList());
        } else {
          routers.add(type);
        }
      }
      return routers;
    }

    private void timeline(
        Duration end, List<TimelineEntry> timeline, List<Expectation> expectations) {
      JsonNode node = root.get("timeline");
      if (node == null || !node.isArray()) {
        r.problem("timeline", "is required: a list of {at, do, expect}");
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        String field = "timeline[" + i + "]";
        JsonNode entry = node.get(i);
        if (!entry.isObject()) {
          r.problem(field, "must be a mapping {at, do, reason, force, expect}");
          continue;
        }
        unknownFields(entry, field, ENTRY);
        Duration at = requiredDuration(entry, field, "at");
        if (at == null) {
          continue;
        }
        if (at.compareTo(end) > 0) {
          r.problem(
              field + ".at",
              "must be within the drill's duration ("
                  + DurationText.format(end)
                  + "), was "
                  + DurationText.format(at));
          continue;
        }
        if (!entry.has("do") && !entry.has("expect")) {
          r.problem(field, "needs 'do' (an action), 'expect' (what must hold), or both");
        }
        if (entry.has("do")) {
          String reason = text(entry, field, "reason", false);
          boolean force = entry.path("force").asBoolean(false);
          String doText = text(entry, field, "do", true);
          if (doText != null) {
            try {
              DrillAction action =
                  ActionText.parse(
                      doText, this::target, this::scaled, this::replica, reason, force);
              if (!aws.replicated()
                  && (action instanceof DrillAction.LagReplication
                      || action instanceof DrillAction.StallReplication
                      || action instanceof DrillAction.HealReplication)) {
                throw new IllegalArgumentException(
                    "replication faults need a table with at least two replicas (aws.replicas);"
                        + " this scenario has one, "
                        + aws.home());
              }
              if (aws.strong()
                  && (action instanceof DrillAction.LagReplication
                      || action instanceof DrillAction.StallReplication
                      || action instanceof DrillAction.HealReplication)) {
                throw new IllegalArgumentException(
                    "the control table is strongly consistent (aws.monitorRegions): no write"
                        + " lags or stalls in one replica; isolate-aws-region cuts a region off");
              }
              timeline.add(new TimelineEntry(at, action, r.lines.lineOf(field)));
            } catch (IllegalArgumentException e) {
              r.problem(field + ".do", e.getMessage());
            }
          }
        }
        expectations(entry.get("expect"), field + ".expect", at, end, expectations);
      }
    }

    private void topLevelExpectations(Duration end, List<Expectation> expectations) {
      expectations(root.get("expect"), "expect", null, end, expectations);
    }

    private void expectations(
        JsonNode node, String field, Duration anchor, Duration end, List<Expectation> out) {
      if (node == null) {
        return;
      }
      List<JsonNode> items = new ArrayList<>();
      List<String> fields = new ArrayList<>();
      if (node.isTextual()) {
        items.add(node);
        fields.add(field);
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          items.add(node.get(i));
          fields.add(field + "[" + i + "]");
        }
      } else {
        r.problem(field, "must be an expectation text or a list of them");
        return;
      }
      for (int i = 0; i < items.size(); i++) {
        if (!items.get(i).isTextual() || items.get(i).asText().isBlank()) {
          r.problem(
              fields.get(i), "must be an expectation text such as 'active-region ams3 within 25s'");
          continue;
        }
        try {
          out.add(
              ExpectationText.parse(
                  items.get(i).asText(), anchor, end, this::scaled, this::target));
        } catch (IllegalArgumentException e) {
          r.problem(fields.get(i), e.getMessage());
        }
      }
    }

    /** A target checked against the regions read so far. */
    private Target target(String text) {
      String[] parts = text.split("/", -1);
      ScenarioRegion region =
          regions.stream().filter(x -> x.name().equals(parts[0])).findFirst().orElse(null);
      if (region == null) {
        throw new IllegalArgumentException(
            "unknown region '"
                + parts[0]
                + "'; the scenario's regions: "
                + regions.stream().map(ScenarioRegion::name).toList());
      }
      if (parts.length == 1) {
        return new Target(region.name(), 0);
      }
      int n;
      try {
        n = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "instance must be REGION/N with N a number, was '" + text + "'", e);
      }
      if (parts.length > 2 || n < 1 || n > region.instances()) {
        throw new IllegalArgumentException(
            "instance "
                + text
                + " does not exist: "
                + region.name()
                + " has instances 1.."
                + region.instances());
      }
      return new Target(region.name(), n);
    }

    private Duration scaled(Duration unscaled) {
      return DurationText.scale(unscaled, scale);
    }

    private Duration duration(JsonNode node, String field) {
      if (node == null || !(node.isTextual() || node.isNumber())) {
        r.problem(field, "must be a duration such as 5s, 250ms or 2m");
        return null;
      }
      if (node.isNumber()) {
        r.problem(field, "must carry a unit: write " + node.asText() + "s for seconds");
        return null;
      }
      try {
        return DurationText.parseUnsigned(node.asText());
      } catch (IllegalArgumentException e) {
        r.problem(field, e.getMessage());
        return null;
      }
    }

    private Duration requiredDuration(JsonNode node, String prefix, String name) {
      String field = prefix.isEmpty() ? name : prefix + "." + name;
      if (!node.has(name)) {
        r.problem(field, "is required (a duration such as 30s)");
        return null;
      }
      Duration d = duration(node.get(name), field);
      return d == null ? null : DurationText.scale(d, scale);
    }

    private Duration optionalDuration(JsonNode node, String name, Duration fallback) {
      return optionalDuration(node, "", name, fallback);
    }

    /** The scaled duration {@code name}, or {@code fallback} scaled. */
    private Duration optionalDuration(
        JsonNode node, String prefix, String name, Duration fallback) {
      String field = prefix.isEmpty() ? name : prefix + "." + name;
      Duration d = node.has(name) ? duration(node.get(name), field) : null;
      return DurationText.scale(d == null ? fallback : d, scale);
    }

    private String text(JsonNode node, String name, boolean required) {
      return text(node, "", name, required);
    }

    private String text(JsonNode node, String prefix, String name, boolean required) {
      String field = prefix.isEmpty() ? name : prefix + "." + name;
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        if (required) {
          r.problem(field, "is required");
        }
        return null;
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        r.problem(field, "must be a non-empty text");
        return null;
      }
      return value.asText();
    }

    private int whole(JsonNode node, String prefix, String name, int fallback, int min, int max) {
      JsonNode value = node.get(name);
      if (value == null) {
        return fallback;
      }
      if (!value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
        r.problem(
            prefix + "." + name,
            "must be a whole number from " + min + " to " + max + ", was " + value);
        return fallback;
      }
      return value.asInt();
    }

    private void unknownFields(JsonNode node, String prefix, Set<String> known) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          r.problem(
              prefix.isEmpty() ? f : prefix + "." + f,
              "unknown field; known: " + known.stream().sorted().toList());
        }
      }
    }
  }
}
