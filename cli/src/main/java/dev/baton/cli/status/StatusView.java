package dev.baton.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.TextTable;
import dev.baton.domain.Baton;
import dev.baton.domain.Check;
import dev.baton.domain.Heartbeat;
import dev.baton.domain.OutsideVerdict;
import dev.baton.domain.OutsideView;
import dev.baton.domain.PerspectiveView;
import dev.baton.domain.RegionState;
import dev.baton.promotion.PromotionRecord;
import dev.baton.store.TableSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code baton status}: the snapshot as tables for people, or as JSON for scripts. */
public final class StatusView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusView() {}

  /**
   * The regions to show: those with a stored state, a heartbeat or the baton; the active one first,
   * then by name.
   */
  static List<String> regions(TableSnapshot s) {
    TreeSet<String> names = new TreeSet<>(s.regionStates().keySet());
    s.heartbeats().forEach(h -> names.add(h.region()));
    List<String> out = new ArrayList<>();
    s.baton().ifPresent(b -> out.add(b.activeRegion()));
    names.stream().filter(n -> !out.contains(n)).forEach(out::add);
    return out;
  }

  /**
   * The regions whose beats Baton ignores (issue 13, finding 10): with the topology, the regions
   * beating that it does not name; without it, a guess: regions beating with no stored state while
   * other regions have one (the monitor stores every topology region's state once its startup grace
   * ends).
   *
   * @param topologyRegions the topology's regions, when a topology document was given
   */
  public record Ignored(List<String> regions, boolean fromTopology) {
    public Ignored {
      regions = List.copyOf(regions);
    }

    boolean contains(String region) {
      return regions.contains(region);
    }
  }

  static Ignored ignored(TableSnapshot s, Optional<Set<String>> topologyRegions) {
    TreeSet<String> beating = new TreeSet<>();
    s.heartbeats().forEach(h -> beating.add(h.region()));
    if (topologyRegions.isPresent()) {
      return new Ignored(
          beating.stream().filter(r -> !topologyRegions.get().contains(r)).toList(), true);
    }
    if (s.regionStates().isEmpty()) {
      return new Ignored(List.of(), false);
    }
    return new Ignored(
        beating.stream().filter(r -> !s.regionStates().containsKey(r)).toList(), false);
  }

  /** The tables, guessing which regions are ignored (no topology given). */
  public static String table(TableSnapshot s) {
    return table(s, Optional.empty());
  }

  /**
   * The tables.
   *
   * @param topologyRegions the topology's regions, when known: beats from other regions are marked
   *     ignored
   */
  public static String table(TableSnapshot s, Optional<Set<String>> topologyRegions) {
    Ignored ignored = ignored(s, topologyRegions);
    StringBuilder out = new StringBuilder();
    Instant now = s.readAt();
    if (s.baton().isEmpty()) {
      out.append("baton: not placed yet (the promotion function places it on its first request)\n");
    } else {
      Baton b = s.baton().get();
      out.append("baton: ")
          .append(b.activeRegion())
          .append(" is active, epoch ")
          .append(b.epoch())
          .append(", mode ")
          .append(b.mode())
          .append(", since ")
          .append(b.since())
          .append(" (")
          .append(ago(b.since(), now))
          .append(")\n       ")
          .append(b.reason().isEmpty() ? "-" : b.reason())
          .append('\n');
    }
    out.append('\n');
    TextTable regions = new TextTable("REGION", "ROLE", "HEALTH", "SINCE", "UP/MEMBERS", "REASON");
    TextTable instances = new TextTable("INSTANCE", "STATUS", "SEQ", "LAST BEAT", "APP CHECK");
    TextTable outside = new TextTable("REGION", "OUTSIDE", "PERSPECTIVES");
    for (String region : regions(s)) {
      RegionState st = s.regionStates().get(region);
      if (st != null && st.outside() != null) {
        outside.row(region, outsideVerdict(st.outside(), now), perspectives(st.outside()));
      }
      boolean active = s.baton().map(b -> b.activeRegion().equals(region)).orElse(false);
      regions.row(
          region,
          active ? "active" : ignored.contains(region) ? "ignored" : "standby",
          st == null
              ? ignored.contains(region)
                  ? ignored.fromTopology() ? "not in the topology" : "not in the topology?"
                  : "not judged yet"
              : st.health(),
          st == null ? "-" : ago(st.since(), now),
          st == null ? "-" : st.healthyInstances() + "/" + st.expectedInstances(),
          st == null ? "" : st.reason());
      for (Heartbeat h : s.heartbeats()) {
        if (h.region().equals(region)) {
          Check app = h.checks().get("app");
          instances.row(
              h.region() + "/" + h.instanceId(),
              h.status(),
              h.seq(),
              ago(h.sentAt(), now),
              app == null
                  ? "-"
                  : (app.ok() ? "ok" : "FAIL") + " " + app.latencyMillis() + " ms " + app.detail());
        }
      }
    }
    out.append(regions).append('\n');
    if (!outside.isEmpty()) {
      out.append(outside).append('\n');
    }
    out.append(instances.isEmpty() ? "no heartbeats yet\n" : instances.toString()).append('\n');
    if (s.promotions().isEmpty()) {
      out.append("no promotions yet\n");
    } else {
      TextTable promotions =
          new TextTable(
              "PROMOTION", "KIND", "FROM -> TO", "EPOCH", "STATUS", "CREATED", "BY", "REASON");
      for (PromotionRecord p : s.promotions()) {
        promotions.row(
            p.id(),
            p.kind(),
            p.from() + " -> " + p.to(),
            p.epoch() == 0 ? "-" : p.epoch(),
            p.status() + p.failedStep().map(f -> " at " + f.name()).orElse(""),
            ago(p.createdAt(), now),
            p.requestedBy(),
            p.reason());
      }
      out.append(promotions);
    }
    for (String region : ignored.regions()) {
      long instanceCount = s.heartbeats().stream().filter(h -> h.region().equals(region)).count();
      out.append("warning: ")
          .append(region)
          .append(" (")
          .append(instanceCount)
          .append(instanceCount == 1 ? " instance" : " instances")
          .append(") ");
      if (ignored.fromTopology()) {
        out.append("is not in the topology: Baton ignores its beats");
      } else {
        out.append(
            "beats but has no stored state while other regions have one: probably not in the"
                + " topology, whose beats Baton ignores (give --topology to be sure)");
      }
      out.append(
          " (metric RecordsIgnored, cause unknown-region); check the agents' region setting or"
              + " add the region to the topology\n");
    }
    for (String problem : s.problems()) {
      out.append("warning: ").append(problem).append('\n');
    }
    return out.toString();
  }

  /** The JSON document, guessing which regions are ignored (no topology given). */
  public static ObjectNode json(TableSnapshot s) {
    return json(s, Optional.empty());
  }

  /**
   * The JSON document: each region says whether Baton ignores its beats ({@code ignored}), and
   * {@code ignoredRegions} lists them with {@code source} {@code topology} or {@code guess}.
   */
  public static ObjectNode json(TableSnapshot s, Optional<Set<String>> topologyRegions) {
    Ignored ignored = ignored(s, topologyRegions);
    ObjectNode root = JSON.createObjectNode();
    root.put("readAt", s.readAt().toString());
    if (s.baton().isPresent()) {
      Baton b = s.baton().get();
      root.putObject("baton")
          .put("activeRegion", b.activeRegion())
          .put("epoch", b.epoch())
          .put("mode", b.mode().name())
          .put("since", b.since().toString())
          .put("reason", b.reason())
          .put("promotionId", b.promotionId());
    } else {
      root.putNull("baton");
    }
    ArrayNode regions = root.putArray("regions");
    for (String region : regions(s)) {
      RegionState st = s.regionStates().get(region);
      ObjectNode r = regions.addObject().put("name", region);
      r.put("active", s.baton().map(b -> b.activeRegion().equals(region)).orElse(false));
      r.put("ignored", ignored.contains(region));
      if (st == null) {
        r.putNull("health");
      } else {
        r.put("health", st.health().name())
            .put("since", st.since().toString())
            .put("healthyInstances", st.healthyInstances())
            .put("expectedInstances", st.expectedInstances())
            .put("reason", st.reason());
        if (st.outside() == null) {
          r.putNull("outside");
        } else {
          outsideJson(r.putObject("outside"), st.outside());
        }
      }
      ArrayNode instances = r.putArray("instances");
      for (Heartbeat h : s.heartbeats()) {
        if (h.region().equals(region)) {
          ObjectNode i =
              instances
                  .addObject()
                  .put("instanceId", h.instanceId())
                  .put("status", h.status().name())
                  .put("seq", h.seq())
                  .put("sentAt", h.sentAt().toString())
                  .put("agentVersion", h.agentVersion());
          ObjectNode checks = i.putObject("checks");
          h.checks()
              .forEach(
                  (name, c) ->
                      checks
                          .putObject(name)
                          .put("ok", c.ok())
                          .put("latencyMs", c.latencyMillis())
                          .put("detail", c.detail()));
        }
      }
    }
    ArrayNode promotions = root.putArray("promotions");
    for (PromotionRecord p : s.promotions()) {
      ObjectNode node =
          promotions
              .addObject()
              .put("id", p.id())
              .put("kind", p.kind().name())
              .put("from", p.from())
              .put("to", p.to())
              .put("epoch", p.epoch())
              .put("status", p.status().name())
              .put("failedStep", p.failedStep().map(f -> f.name()).orElse(null))
              .put("createdAt", p.createdAt().toString())
              .put("requestedBy", p.requestedBy())
              .put("reason", p.reason());
      ArrayNode steps = node.putArray("steps");
      p.steps()
          .forEach(
              step ->
                  steps
                      .addObject()
                      .put("name", step.name())
                      .put("status", step.status().name())
                      .put("attempts", step.attempts())
                      .put("ms", step.duration().map(Duration::toMillis).orElse(null))
                      .put("detail", step.detail()));
    }
    ObjectNode ignoredNode = root.putObject("ignoredRegions");
    ignoredNode.put("source", ignored.fromTopology() ? "topology" : "guess");
    ArrayNode ignoredNames = ignoredNode.putArray("regions");
    ignored.regions().forEach(ignoredNames::add);
    ArrayNode problems = root.putArray("problems");
    s.problems().forEach(problems::add);
    return root;
  }

  /**
   * The outside verdict of a region as {@code baton status} prints it, e.g. {@code down since 12s
   * ago} or {@code inside only (no healthUrl)}.
   */
  static String outsideVerdict(OutsideView view, Instant now) {
    return switch (view.verdict()) {
      case INSIDE_ONLY -> "inside only (no healthUrl)";
      case DOWN -> view.downSince() == null ? "down" : "down since " + ago(view.downSince(), now);
      default -> view.verdict().word();
    };
  }

  /**
   * Each perspective's verdict with how many of its probers agree, suspects marked, e.g. {@code
   * ams3 down 2/2, aws:us-east-2 down 1/1, fra1 down 3/3 (suspect: left out)}.
   */
  static String perspectives(OutsideView view) {
    if (view.verdict() == OutsideVerdict.INSIDE_ONLY) {
      return "";
    }
    if (view.perspectives().isEmpty()) {
      return "no perspective has probed it lately";
    }
    return view.perspectives().stream()
        .map(StatusView::perspective)
        .collect(Collectors.joining(", "));
  }

  private static String perspective(PerspectiveView p) {
    StringBuilder out = new StringBuilder(p.perspective()).append(' ').append(p.verdict().word());
    switch (p.verdict()) {
      case DOWN -> out.append(' ').append(p.failing()).append('/').append(p.probers());
      case UP -> out.append(' ').append(p.probers() - p.failing()).append('/').append(p.probers());
      default ->
          out.append(" (").append(p.failing()).append('/').append(p.probers()).append(" fail)");
    }
    if (p.suspect()) {
      out.append(" (suspect: left out)");
    }
    return out.toString();
  }

  private static void outsideJson(ObjectNode node, OutsideView view) {
    node.put("verdict", view.verdict().name());
    node.put("downSince", view.downSince() == null ? null : view.downSince().toString());
    ArrayNode perspectives = node.putArray("perspectives");
    for (PerspectiveView p : view.perspectives()) {
      perspectives
          .addObject()
          .put("perspective", p.perspective())
          .put("verdict", p.verdict().name())
          .put("failing", p.failing())
          .put("probers", p.probers())
          .put("suspect", p.suspect())
          .put("downSince", p.downSince() == null ? null : p.downSince().toString())
          .put("detail", p.detail());
    }
  }

  static String ago(Instant then, Instant now) {
    if (then == null) {
      return "-";
    }
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      return "in " + compact(d.negated());
    }
    return compact(d) + " ago";
  }

  private static String compact(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    if (ms < 120_000) {
      return (ms / 1000) + "s";
    }
    if (ms < 7_200_000) {
      return (ms / 60_000) + "m";
    }
    return (ms / 3_600_000) + "h";
  }
}
