package dev.baton.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy-time topology check answers CloudFormation the way a custom resource must: a PUT of
 * the response document to the pre-signed URL, FAILED with every problem when the topology does not
 * fit the stack, and always an answer (a custom resource that never answers holds a deploy for an
 * hour).
 */
class DeploymentCheckHandlerTest {
  private final ObjectMapper json = new ObjectMapper();
  private final List<JsonNode> responses = new ArrayList<>();
  private final List<String> contentTypes = new ArrayList<>();
  private HttpServer cloudFormation;
  private int status = 200;

  @BeforeEach
  void startResponseUrl() throws IOException {
    cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloudFormation.createContext(
        "/",
        exchange -> {
          assertThat(exchange.getRequestMethod()).isEqualTo("PUT");
          contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
          responses.add(json.readTree(exchange.getRequestBody()));
          // Like S3's SignatureDoesNotMatch document: the error echoes the signed request.
          byte[] echo =
              ("<Error><CanonicalRequest>PUT "
                      + exchange.getRequestURI()
                      + "</CanonicalRequest></Error>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, status == 200 ? -1 : echo.length);
          if (status != 200) {
            exchange.getResponseBody().write(echo);
          }
          exchange.close();
        });
    cloudFormation.start();
  }

  @AfterEach
  void stop() {
    cloudFormation.stop(0);
  }

  private String event(String type, String topology, String replicas) throws IOException {
    var event = json.createObjectNode();
    event.put("RequestType", type);
    event.put(
        "ResponseURL",
        "http://127.0.0.1:"
            + cloudFormation.getAddress().getPort()
            + "/bucket/key?X-Amz-Signature=s");
    event.put("StackId", "arn:aws:cloudformation:us-east-1:111122223333:stack/baton/1");
    event.put("RequestId", "req-1");
    event.put("LogicalResourceId", "TopologyCheck");
    var properties = event.putObject("ResourceProperties");
    properties.put("Topology", topology);
    properties.put("HomeRegion", "us-east-1");
    var list = properties.putArray("ReplicaRegions");
    for (String r : replicas.split(",")) {
      list.add(r);
    }
    properties.putArray("Route53RecordNames").add("");
    properties.put("HostedZoneId", "");
    properties.put("DoTokenSecretArn", "arn:aws:secretsmanager:us-east-1:111122223333:secret:do");
    properties.put(
        "CloudflareTokenSecretArn", "arn:aws:secretsmanager:us-east-1:111122223333:secret:cf");
    return json.writeValueAsString(event);
  }

  private JsonNode run(String event) throws IOException {
    var handler = new DeploymentCheckHandler(HttpClient.newHttpClient(), Map.of());
    var out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    assertThat(responses).hasSize(1);
    return responses.get(0);
  }

  private static String example() throws IOException {
    return Files.readString(Path.of("../../examples/topology.yaml"));
  }

  @Test
  void aTopologyThatFitsTheStackSucceedsWithAConstantPhysicalId() throws IOException {
    JsonNode response = run(event("Create", example(), "eu-west-1"));
    assertThat(response.path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo(DeploymentCheckHandler.PHYSICAL_ID);
    assertThat(response.path("RequestId").asText()).isEqualTo("req-1");
    assertThat(response.path("LogicalResourceId").asText()).isEqualTo("TopologyCheck");
    assertThat(response.path("Data").path("Regions").asInt()).isEqualTo(2);
    assertThat(contentTypes).containsExactly("null");
  }

  @Test
  void aRegionWithoutAReplicaFailsTheDeployNamingFieldAndRule() throws IOException {
    JsonNode response = run(event("Update", example(), "eu-central-1"));
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText())
        .startsWith("the topology does not fit this stack (1 problem): regions[1].awsRegion:")
        .contains("eu-west-1", "holds no replica");
  }

  @Test
  void anInvalidTopologyFailsTheDeployWithEveryProblem() throws IOException {
    JsonNode response =
        run(event("Create", "{\"app\":\"shop\",\"regions\":[],\"bogus\":1}", "eu-west-1"));
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText())
        .startsWith("the topology is invalid")
        .contains("regions");
  }

  @Test
  void aDeleteAlwaysSucceedsWhateverItsProperties() throws IOException {
    JsonNode response = run(event("Delete", "not a topology", ""));
    assertThat(response.path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo(DeploymentCheckHandler.PHYSICAL_ID);
  }

  @Test
  void anEventWithoutAResponseUrlIsRefusedNamingTheField() {
    var handler = new DeploymentCheckHandler(HttpClient.newHttpClient(), Map.of());
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    new ByteArrayInputStream("{\"RequestType\":\"Create\"}".getBytes()),
                    new ByteArrayOutputStream(),
                    null))
        .hasMessageStartingWith("ResponseURL: required");
  }

  @Test
  void aRefusedAnswerIsAnErrorThatDoesNotRevealTheSignedUrl() throws IOException {
    status = 403;
    String event = event("Create", example(), "eu-west-1");
    var handler = new DeploymentCheckHandler(HttpClient.newHttpClient(), Map.of());
    assertThatThrownBy(
            () ->
                handler.handleRequest(
                    new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(),
                    null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageNotContaining("X-Amz-Signature");
  }

  @Test
  void withoutATopologyPropertyItChecksTheTopologyInItsOwnArtifact() throws IOException {
    String reason =
        failedReasonOfBundledCheck(
            "eu-central-1", Map.of("BATON_TOPOLOGY_FILE", "../../examples/topology.yaml"));
    assertThat(reason).contains("regions[1].awsRegion", "eu-west-1");
  }

  @Test
  void aTopologyThatCannotBeReadIsStillAnsweredFailedWithTheCause() throws IOException {
    String reason = failedReasonOfBundledCheck("eu-west-1", Map.of()); // no file named
    assertThat(reason)
        .startsWith("the topology could not be read:")
        .contains("BATON_TOPOLOGY_FILE");
  }

  /**
   * Runs a Create without a Topology property (the check reads its own artifact's) and expects
   * FAILED.
   */
  private String failedReasonOfBundledCheck(String replicas, Map<String, String> environment)
      throws IOException {
    ObjectNode event = (ObjectNode) json.readTree(event("Create", "", replicas));
    ((ObjectNode) event.path("ResourceProperties")).remove("Topology");
    new DeploymentCheckHandler(HttpClient.newHttpClient(), environment)
        .handleRequest(
            new ByteArrayInputStream(json.writeValueAsBytes(event)),
            new ByteArrayOutputStream(),
            null);
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).path("Status").asText()).isEqualTo("FAILED");
    return responses.get(0).path("Reason").asText();
  }
}
