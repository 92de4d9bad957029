package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.promotion.InProcessPromotionChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manual commands build the documented JSON request, print the function's answer as a table or
 * as JSON, and exit with the outcome's code. The promotion function is replaced by a recording
 * channel here; ManualCommandsIT runs them against a local stack.
 */
class ManualCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<JsonNode> sent = new ArrayList<>();
  private final List<Map<String, String>> functionEnvironments = new ArrayList<>();
  private String answer =
      "{\"outcome\":\"dry-run\",\"reason\":\"would fail back\",\"steps\":[\"validate\",\"claim\"],\"requests\":[{\"router\":\"do-global-lb\",\"method\":\"PUT\",\"url\":\"/v2/load_balancers/g\"}]}";

  private int run(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("BATON_OPERATOR", "alice");
    CommandContext context =
        new CommandContext(
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            functionEnv -> {
              functionEnvironments.add(functionEnv);
              return new InProcessPromotionChannel(
                  request -> {
                    try {
                      sent.add(JSON.readTree(request));
                    } catch (java.io.IOException e) {
                      throw new AssertionError(e);
                    }
                    return answer;
                  },
                  "test");
            },
            (scenario, scale, dir, o) -> 0);
    return BatonCli.run(context, args);
  }

  private static final String[] LOCAL = {
    "--endpoint", "http://127.0.0.1:5999", "--topology", "topology.yaml", "--table", "drill"
  };

  private String[] local(String... args) {
    String[] all = new String[args.length + LOCAL.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(LOCAL, 0, all, args.length, LOCAL.length);
    return all;
  }

  @Test
  void failbackDryRunSendsTheDocumentedRequestAndPrintsJson() throws Exception {
    int code =
        run(
            local(
                "failback",
                "--to",
                "nyc1",
                "--reason",
                "nyc1 is back",
                "--dry-run",
                "--output",
                "json"));
    assertThat(code).isZero();
    assertThat(sent).hasSize(1);
    JsonNode request = sent.get(0);
    assertThat(request.get("action").asText()).isEqualTo("failback");
    assertThat(request.get("to").asText()).isEqualTo("nyc1");
    assertThat(request.get("force").asBoolean()).isFalse();
    assertThat(request.get("dryRun").asBoolean()).isTrue();
    assertThat(request.get("requestedBy").asText()).isEqualTo("alice");
    assertThat(request.get("reason").asText()).isEqualTo("nyc1 is back");
    assertThat(request.has("expectedEpoch")).isFalse();
    assertThat(JSON.readTree(out.toString())).isEqualTo(JSON.readTree(answer));
  }

  @Test
  void localStackRunsTheHandlerWithTheFunctionsEnvironment() {
    run(local("freeze", "--reason", "migration"));
    assertThat(functionEnvironments).hasSize(1);
    assertThat(functionEnvironments.get(0))
        .containsEntry("BATON_TABLE", "drill")
        .containsEntry("BATON_TOPOLOGY_FILE", "topology.yaml")
        .containsEntry("BATON_AWS_ENDPOINT", "http://127.0.0.1:5999");
  }

  @Test
  void tableOutputShowsOutcomeReasonAndListsAsTables() {
    run(
        local(
            "switchover",
            "--to",
            "ams3",
            "--force",
            "--expected-epoch",
            "4",
            "--reason",
            "planned"));
    assertThat(sent.get(0).get("action").asText()).isEqualTo("switchover");
    assertThat(sent.get(0).get("force").asBoolean()).isTrue();
    assertThat(sent.get(0).get("expectedEpoch").asLong()).isEqualTo(4);
    assertThat(out.toString())
        .startsWith("outcome: dry-run\nreason:  would fail back\n")
        .contains("steps: validate, claim")
        .contains("ROUTER        METHOD  URL")
        .contains("do-global-lb  PUT     /v2/load_balancers/g");
  }

  @Test
  void resumeFreezeAndUnfreezeSendTheirActions() {
    run(local("resume", "20261126T120000Z-abc123", "--reason", "API is back"));
    run(local("freeze", "--reason", "migration"));
    run(local("unfreeze", "--reason", "done", "--requested-by", "bob"));
    run(local("reconcile", "--reason", "TRAFFIC_MISMATCH", "--expected-epoch", "7"));
    assertThat(sent)
        .extracting(r -> r.get("action").asText())
        .containsExactly("resume", "freeze", "unfreeze", "reconcile");
    assertThat(sent.get(3).get("expectedEpoch").asLong()).isEqualTo(7);
    assertThat(sent.get(3).has("to")).isFalse();
    assertThat(sent.get(0).get("promotionId").asText()).isEqualTo("20261126T120000Z-abc123");
    assertThat(sent.get(2).get("requestedBy").asText()).isEqualTo("bob");
  }

  @Test
  void exitCodeFollowsTheOutcome() {
    answer = "{\"outcome\":\"not-acting\",\"reason\":\"nyc1 already holds the baton\"}";
    assertThat(run(local("failback", "--to", "nyc1", "--reason", "x")))
        .isEqualTo(Outcomes.NOT_ACTING);
    answer =
        "{\"outcome\":\"rejected\",\"field\":\"to\",\"rule\":\"must be HEALTHY\",\"reason\":\"to: must be HEALTHY\"}";
    assertThat(run(local("failback", "--to", "nyc1", "--reason", "x")))
        .isEqualTo(Outcomes.REJECTED);
    answer = "{\"outcome\":\"failed\",\"reason\":\"shift failed\"}";
    assertThat(run(local("failback", "--to", "nyc1", "--reason", "x"))).isEqualTo(Outcomes.FAILED);
    answer = "{\"outcome\":\"promoted\",\"reason\":\"nyc1 active\"}";
    assertThat(run(local("failback", "--to", "nyc1", "--reason", "x"))).isEqualTo(Outcomes.DONE);
  }

  @Test
  void reasonIsRequired() {
    assertThat(run(local("failback", "--to", "nyc1"))).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--reason=TEXT'");
    assertThat(sent).isEmpty();
  }

  @Test
  void withoutEndpointTheFunctionMustBeNamed() {
    int code = run("freeze", "--reason", "x");
    assertThat(code).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("--function (or BATON_PROMOTION_FUNCTION) is required");
  }

  @Test
  void localStackWithoutTopologySaysWhatIsMissing() {
    int code = run("freeze", "--reason", "x", "--endpoint", "http://127.0.0.1:5999");
    assertThat(code).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString())
        .contains("--topology (or BATON_TOPOLOGY_FILE) is required with --endpoint");
  }
}
