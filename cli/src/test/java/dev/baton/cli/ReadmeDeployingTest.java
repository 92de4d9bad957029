package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.config.DeploymentCheck;
import dev.baton.config.TopologyLoader;
import dev.baton.domain.Topology;
import dev.baton.local.BatonTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user follows README "Deploying" verbatim: its commands are run (the ones that run here) or
 * checked against what they name, with the shipped example topology and samconfig.toml.
 */
class ReadmeDeployingTest {
  private static final Path REPO = BatonTable.template().getParent();
  private static final String DEPLOYING = section(read(REPO.resolve("README.md")), "deploying");

  @TempDir Path userDir;

  @Test
  void theTopologyStepsRunOnTheShippedExampleAndThePrintedCheckPasses() throws IOException {
    List<String> commands = commands(DEPLOYING);
    assertThat(commands).anyMatch(c -> c.startsWith("cp examples/topology.yaml topology.yaml"));
    // The user's working copy, as `cp examples/topology.yaml topology.yaml` makes it.
    Files.copy(REPO.resolve("examples/topology.yaml"), userDir.resolve("topology.yaml"));
    List<String> checks =
        commands.stream().filter(c -> c.startsWith("./baton topology check")).toList();
    assertThat(checks).isNotEmpty();
    for (String check : checks) {
      List<String> args = new ArrayList<>(Arrays.asList(check.split("\\s+")));
      args.remove(0);
      args.replaceAll(a -> a.equals("topology.yaml") ? userDir.resolve(a).toString() : a);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          BatonCli.run(
              new CommandContext(
                  Map.of(),
                  new PrintWriter(out, true),
                  new PrintWriter(err, true),
                  env -> {
                    throw new AssertionError("no function is called");
                  },
                  (s, scale, d, o) -> 0),
              args.toArray(String[]::new));
      assertThat(code).as("%s: %s%s", check, out, err).isZero();
    }
  }

  @Test
  void theShippedSamconfigEnvironmentsFitTheShippedTopology() {
    Topology example = TopologyLoader.load(REPO.resolve("examples/topology.yaml"));
    String samconfig = read(REPO.resolve("samconfig.toml"));
    Matcher env = Pattern.compile("(?m)^\\[(\\w+)\\.global\\.parameters\\]").matcher(samconfig);
    int environments = 0;
    while (env.find()) {
      String name = env.group(1);
      String region = value(samconfig, name + ".global.parameters", "region = \"([^\"]*)\"");
      String replicas =
          value(samconfig, name + ".deploy.parameters", "\"ReplicaRegions=([^\"]*)\"");
      assertThat(DeploymentCheck.problems(example, region, List.of(replicas.split(","))))
          .as("samconfig.toml [%s]: region %s, ReplicaRegions %s", name, region, replicas)
          .isEmpty();
      environments++;
    }
    assertThat(environments).isEqualTo(2);
  }

  @Test
  void theBuildStepBundlesTheTopologyAndEveryInvokeTargetsTheLiveAlias() {
    List<String> commands = commands(DEPLOYING);
    assertThat(commands)
        .anyMatch(c -> c.startsWith("BATON_TOPOLOGY_FILE=$PWD/topology.yaml sam build"));
    String readme = read(REPO.resolve("README.md"));
    List<String> invokes = new ArrayList<>();
    Matcher m = Pattern.compile("sam remote invoke [A-Z]\\w+Function[^\\n]*").matcher(readme);
    while (m.find()) {
      invokes.add(m.group());
    }
    assertThat(invokes)
        .isNotEmpty()
        .allSatisfy(i -> assertThat(i).contains("--parameter Qualifier=live"));
    Matcher events = Pattern.compile("events/[a-z-]+\\.json").matcher(readme);
    while (events.find()) {
      assertThat(REPO.resolve(events.group()))
          .as("README names %s", events.group())
          .isRegularFile();
    }
  }

  /** The value of {@code pattern}'s group 1 inside the TOML table {@code table}. */
  private static String value(String toml, String table, String pattern) {
    int start = toml.indexOf("[" + table + "]");
    assertThat(start).as("samconfig.toml has [%s]", table).isNotNegative();
    int end = toml.indexOf("\n[", start + 1);
    Matcher m =
        Pattern.compile(pattern).matcher(toml.substring(start, end < 0 ? toml.length() : end));
    assertThat(m.find()).as("[%s] has %s", table, pattern).isTrue();
    return m.group(1).replace("\\\"", "");
  }

  /** The shell commands of the ```sh blocks, continuation lines joined. */
  private static List<String> commands(String markdown) {
    List<String> commands = new ArrayList<>();
    Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      String joined = block.group(1).replaceAll("\\\\\\n\\s*", " ");
      for (String line : joined.split("\\n")) {
        String command = line.replaceAll("\\s+#.*$", "").strip();
        if (!command.isEmpty()) {
          commands.add(command);
        }
      }
    }
    return commands;
  }

  private static String section(String readme, String name) {
    int start = readme.indexOf("<!-- BEGIN " + name + " -->");
    int end = readme.indexOf("<!-- END " + name + " -->");
    assertThat(start).isNotNegative();
    return readme.substring(start, end);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
