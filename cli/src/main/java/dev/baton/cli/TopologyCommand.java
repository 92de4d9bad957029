package dev.baton.cli;

import dev.baton.config.DeploymentCheck;
import dev.baton.config.TopologyLoader;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * {@code baton topology check FILE}: the topology document as the functions will read it, checked
 * with the production loader and, given the stack's parameters, with the deploy-time check the
 * stack runs ({@link DeploymentCheck}), before {@code sam build} puts it into the functions.
 */
@Command(
    name = "topology",
    description = "Check a topology document before sam build puts it into the functions.",
    mixinStandardHelpOptions = true,
    subcommands = {TopologyCommand.Check.class})
final class TopologyCommand implements Runnable {
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  @ParentCommand BatonCommand parent;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand: check");
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

  private static String problemCount(int n) {
    return n + (n == 1 ? " problem" : " problems");
  }

  /** {@code baton topology check FILE}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Load the topology with the functions' own loader and print every problem (field and"
            + " rule); exit 2 if there is any. With --home-region, also run the deploy-time check"
            + " of the stack: every region's awsRegion is the home region or one of"
            + " --replica-regions (the stack's ReplicaRegions), and a route53 router stays inside"
            + " --hosted-zone-id and --route53-record-names."
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
        names = "--hosted-zone-id",
        paramLabel = "ZONE",
        description = "The stack parameter HostedZoneId (the zone a route53 router may change).")
    String hostedZoneId;

    @Option(
        names = "--route53-record-names",
        paramLabel = "NAME",
        split = ",",
        description = "The stack parameter Route53RecordNames, e.g. shop.example.com.")
    List<String> route53RecordNames = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = topology.parent.context().out();
      Topology t = load(file, out);
      if (t == null) {
        return Outcomes.REJECTED;
      }
      List<ConfigProblem> problems = deploymentProblems(t);
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
              + (homeRegion == null ? "" : ", every awsRegion in " + allowedRegions()));
      out.flush();
      return Outcomes.DONE;
    }

    /**
     * The stack's deploy-time check, when the stack is described; the provider tokens are the
     * operator's to set and are not checked here (the deploy checks them).
     */
    private List<ConfigProblem> deploymentProblems(Topology t) {
      if (homeRegion == null) {
        if (!replicaRegions.isEmpty() || hostedZoneId != null || !route53RecordNames.isEmpty()) {
          throw new IllegalArgumentException(
              "--replica-regions, --hosted-zone-id, --route53-record-names: need --home-region"
                  + " (the stack's own region also holds a replica)");
        }
        return List.of();
      }
      for (String r : allowedRegions()) {
        if (!AWS_REGION.matcher(r).matches()) {
          throw new IllegalArgumentException(
              "--home-region/--replica-regions: '"
                  + r
                  + "' is not an AWS region such as us-east-2");
        }
      }
      return DeploymentCheck.problems(
          t,
          new DeploymentCheck.Stack(
              homeRegion, replicaRegions, route53RecordNames, hostedZoneId, true, true));
    }

    private Set<String> allowedRegions() {
      return new LinkedHashSet<>(
          new DeploymentCheck.Stack(homeRegion, replicaRegions, List.of(), "", true, true)
              .replicas());
    }
  }
}
