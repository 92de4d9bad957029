package dev.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.config.TopologyLoader;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton topology check|json FILE}: the topology document as the functions will read it,
 * checked with the production loader before it goes into the SSM parameter.
 */
@Command(
    name = "topology",
    description = "Check a topology document, or print it as the compact JSON the stack reads.",
    mixinStandardHelpOptions = true,
    subcommands = {TopologyCommand.Check.class, TopologyCommand.Json.class})
final class TopologyCommand implements Runnable {
  /**
   * The compact JSON becomes the BATON_TOPOLOGY environment variable, and Lambda allows 4 KB for
   * all of a function's variables together (docs/decisions/0001).
   */
  static final int MAX_JSON_BYTES = 3584;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  @ParentCommand BatonCommand parent;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand: check or json");
  }

  /** The topology in {@code file}, or null after printing every problem the loader found. */
  private static Topology load(Path file, PrintWriter out) {
    try {
      return TopologyLoader.load(file);
    } catch (InvalidConfigException e) {
      out.println("topology " + file + ": " + problemCount(e.problems().size()));
      e.problems().forEach(p -> out.println("  - " + p));
      out.flush();
      return null;
    }
  }

  /**
   * The document of {@code file} as compact JSON: its own fields, unchanged, with the layout and
   * comments dropped.
   */
  static String compactJson(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the topology file " + file + ": " + e, e);
    }
    try {
      JsonNode tree =
          text.stripLeading().startsWith("{")
              ? JSON.readTree(text)
              : new YAMLMapper().readTree(text);
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      // The loader parsed it a moment ago: a parser that disagrees is a bug, not bad input.
      throw new IllegalStateException("cannot re-read " + file + " as a tree: " + e, e);
    }
  }

  /** Problems of the compact JSON: over the size limit, or not the same topology once re-read. */
  static List<String> jsonProblems(Topology topology, String json) {
    List<String> problems = new ArrayList<>();
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes >= MAX_JSON_BYTES) {
      problems.add(
          "(document): the compact JSON is "
              + bytes
              + " bytes; it must stay under "
              + MAX_JSON_BYTES
              + " (3.5 KB), because it becomes the BATON_TOPOLOGY environment variable and Lambda"
              + " allows 4 KB for all variables together");
    }
    if (!TopologyLoader.parse(json, "the compact JSON").equals(topology)) {
      problems.add(
          "(document): the compact JSON does not read back as the same topology (a bug: report"
              + " it with the file)");
    }
    return problems;
  }

  private static String problemCount(int n) {
    return n + (n == 1 ? " problem" : " problems");
  }

  /** {@code baton topology check FILE}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Load the topology with the functions' own loader and print every problem (field and"
            + " rule); exit 2 if there is any. With --home-region, also check that every region's"
            + " awsRegion is the home region or one of --replica-regions (the stack's"
            + " ReplicaRegions), and with --route53-record-names that every route53 router"
            + " changes one of those records."
      })
  static final class Check implements Callable<Integer> {
    @ParentCommand TopologyCommand topology;

    @Parameters(paramLabel = "FILE", description = "The topology document (YAML or JSON).")
    Path file;

    @Option(
        names = "--home-region",
        paramLabel = "REGION",
        description = "The AWS region of the stack (it holds the table's home replica).")
    String homeRegion;

    @Option(
        names = "--replica-regions",
        paramLabel = "REGION",
        split = ",",
        description = "The stack parameter ReplicaRegions, e.g. us-east-2,eu-central-1.")
    List<String> replicaRegions = new ArrayList<>();

    @Option(
        names = "--route53-record-names",
        paramLabel = "NAME",
        split = ",",
        description = "The records the stack lets the function change, e.g. shop.example.com.")
    List<String> route53RecordNames = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = topology.parent.context().out();
      Topology t = load(file, out);
      if (t == null) {
        return Outcomes.REJECTED;
      }
      List<String> problems = new ArrayList<>(deploymentProblems(t));
      problems.addAll(jsonProblems(t, compactJson(file)));
      if (!problems.isEmpty()) {
        out.println("topology " + file + ": " + problemCount(problems.size()));
        problems.forEach(p -> out.println("  - " + p));
        out.flush();
        return Outcomes.REJECTED;
      }
      out.println(
          "topology "
              + file
              + " is valid: app "
              + t.app()
              + ", regions "
              + t.regions().stream().map(RegionConfig::name).toList()
              + ", routers "
              + t.routers().stream().map(RouterConfig::type).toList()
              + (homeRegion == null ? "" : ", every awsRegion in " + allowedRegions())
              + (route53RecordNames.isEmpty() ? "" : ", route53 records allowed"));
      out.flush();
      return Outcomes.DONE;
    }

    /**
     * Whether the topology fits the stack: the options' own rules, every region's awsRegion among
     * the stack's regions, every route53 router's record among the allowed ones. Each problem names
     * its field and the rule.
     */
    private List<String> deploymentProblems(Topology t) {
      if (homeRegion == null && !replicaRegions.isEmpty()) {
        throw new IllegalArgumentException(
            "--replica-regions: needs --home-region (the stack's own region also holds a replica)");
      }
      List<String> problems = new ArrayList<>();
      for (String r : allowedRegions()) {
        if (!AWS_REGION.matcher(r).matches()) {
          throw new IllegalArgumentException(
              "--home-region/--replica-regions: '"
                  + r
                  + "' is not an AWS region such as us-east-2");
        }
      }
      if (homeRegion != null) {
        for (int i = 0; i < t.regions().size(); i++) {
          RegionConfig region = t.regions().get(i);
          if (!allowedRegions().contains(region.awsRegion())) {
            problems.add(
                new ConfigProblem(
                        "regions[" + i + "].awsRegion",
                        "region "
                            + region.name()
                            + " writes to "
                            + region.awsRegion()
                            + ", which must be the home region or one of the replica regions "
                            + allowedRegions()
                            + ": the stack has no table replica there")
                    .toString());
          }
        }
      }
      if (!route53RecordNames.isEmpty()) {
        Set<String> allowed = new LinkedHashSet<>();
        route53RecordNames.forEach(n -> allowed.add(dnsName(n)));
        for (int i = 0; i < t.routers().size(); i++) {
          RouterConfig router = t.routers().get(i);
          String name = router.setting("recordName");
          if (router.type().equals("route53") && name != null && !allowed.contains(dnsName(name))) {
            problems.add(
                new ConfigProblem(
                        "routers[" + i + "].settings.recordName",
                        "'"
                            + name
                            + "' must be one of --route53-record-names "
                            + allowed
                            + ": the function may change only those records")
                    .toString());
          }
        }
      }
      return problems;
    }

    private Set<String> allowedRegions() {
      Set<String> regions = new LinkedHashSet<>();
      if (homeRegion != null) {
        regions.add(homeRegion.strip());
      }
      replicaRegions.stream().map(String::strip).filter(r -> !r.isEmpty()).forEach(regions::add);
      return regions;
    }

    private static String dnsName(String name) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
  }

  /** {@code baton topology json FILE}. */
  @Command(
      name = "json",
      mixinStandardHelpOptions = true,
      description = {
        "Print the topology as compact JSON, the value of the SSM parameter the stack reads"
            + " (TopologyParameterName), after checking it with the functions' own loader. Exit 2"
            + " on any problem, or when the JSON is 3.5 KB or more (it becomes an environment"
            + " variable)."
      })
  static final class Json implements Callable<Integer> {
    @ParentCommand TopologyCommand topology;

    @Parameters(paramLabel = "FILE", description = "The topology document (YAML or JSON).")
    Path file;

    @Override
    public Integer call() {
      CommandContext ctx = topology.parent.context();
      Topology t = load(file, ctx.err());
      if (t == null) {
        return Outcomes.REJECTED;
      }
      String json = compactJson(file);
      List<String> problems = jsonProblems(t, json);
      if (!problems.isEmpty()) {
        ctx.err().println("topology " + file + ": " + problemCount(problems.size()));
        problems.forEach(p -> ctx.err().println("  - " + p));
        ctx.err().flush();
        return Outcomes.REJECTED;
      }
      ctx.out().println(json);
      ctx.out().flush();
      return Outcomes.DONE;
    }
  }
}
