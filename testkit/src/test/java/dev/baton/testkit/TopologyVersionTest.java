package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoExecutable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new topology reaches the live alias the triggers call (issue: a topology held in an environment
 * variable changed $LATEST only, because SAM derives the version from the template text). The
 * topology travels in each function's artifact, so the SAM CLI's packaging names the upload
 * differently and the SAM translator publishes new versions and moves every alias; the same
 * artifact keeps the same versions (no needless publish on every deploy).
 */
class TopologyVersionTest {
  private static final Path TEMPLATE = BatonTable.template();
  private static final Path EXAMPLE = TEMPLATE.resolveSibling("examples/topology.yaml");
  private static final List<String> MONITOR =
      List.of("HealthTransitionFunction", "StaleHeartbeatFunction", "PromotionFunction");

  @TempDir Path work;

  @Test
  void aChangedTopologyPublishesNewVersionsAndMovesEveryAlias() throws Exception {
    String example = Files.readString(EXAMPLE);
    String slower = example.replace("failAfter: 15s", "failAfter: 20s");
    assertThat(slower).isNotEqualTo(example);

    Map<String, String> before = aliasTargets(translate(artifact("a", example)));
    Map<String, String> again = aliasTargets(translate(artifact("b", example)));
    Map<String, String> after = aliasTargets(translate(artifact("c", slower)));

    assertThat(before.keySet()).containsAll(MONITOR);
    assertThat(again).as("the same topology and code keep their versions").isEqualTo(before);
    for (String function : MONITOR) {
      assertThat(after.get(function))
          .as("%s's live alias after the topology changed", function)
          .startsWith(function + "Version")
          .isNotEqualTo(before.get(function));
    }
  }

  @Test
  void everyFunctionReadsTheTopologyThatSamBuildPutsInItsArtifact() throws IOException {
    JsonNode template = new YAMLMapper().readTree(TEMPLATE.toFile());
    JsonNode variables =
        template.path("Globals").path("Function").path("Environment").path("Variables");
    assertThat(variables.path("BATON_TOPOLOGY_FILE").asText()).isEqualTo("/var/task/topology.yaml");
    assertThat(variables.has("BATON_TOPOLOGY")).as("no topology in the environment").isFalse();
    assertThat(Files.readString(TEMPLATE.resolveSibling("Makefile")))
        .contains("cp \"$(abspath $(BATON_TOPOLOGY_FILE))\" \"$(ARTIFACTS_DIR)/topology.yaml\"");
  }

  /** An artifact as sam build lays it out: the same code, and the topology as topology.yaml. */
  private Path artifact(String name, String topology) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    Files.writeString(dir.resolve("Handler.class"), "the same code in every artifact");
    Files.writeString(dir.resolve("topology.yaml"), topology);
    return dir;
  }

  private JsonNode translate(Path artifact) throws Exception {
    Path venv = Path.of(System.getProperty(MotoExecutable.VENV_PROPERTY, ".venv"));
    Path python = venv.resolve("bin/python");
    assertThat(python)
        .as("the SAM CLI's Python (run scripts/bootstrap-venv, as make test does)")
        .isExecutable();
    Path script = Path.of(getClass().getResource("/sam-translate.py").toURI());
    ProcessBuilder builder =
        new ProcessBuilder(
            python.toString(), script.toString(), TEMPLATE.toString(), artifact.toString());
    builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    Path out = work.resolve(artifact.getFileName() + ".json");
    Path err = work.resolve(artifact.getFileName() + ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the translator finished").isTrue();
    assertThat(process.exitValue())
        .as("the SAM translator failed: %s", Files.readString(err, StandardCharsets.UTF_8))
        .isZero();
    return new ObjectMapper().readTree(out.toFile());
  }

  /** Function logical id -> the version resource its live alias points at. */
  private static Map<String, String> aliasTargets(JsonNode transformed) {
    Map<String, String> targets = new TreeMap<>();
    transformed
        .path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals("AWS::Lambda::Alias")) {
                String function = e.getKey().replace("Aliaslive", "");
                targets.put(
                    function,
                    e.getValue()
                        .path("Properties")
                        .path("FunctionVersion")
                        .path("Fn::GetAtt")
                        .get(0)
                        .asText());
              }
            });
    return targets;
  }
}
