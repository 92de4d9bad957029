package dev.baton.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.config.DeploymentCheck;
import dev.baton.config.TopologyLoader;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.Topology;
import dev.baton.observability.JsonLogging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's {@code TopologyCheck} custom resource: on every create and update, checks the
 * topology being deployed against the stack ({@link DeploymentCheck}: replicas, provider tokens,
 * the Route 53 scope) and answers CloudFormation FAILED, with every problem, so the deploy stops
 * before any function gets the topology. A delete always succeeds.
 *
 * <p>It depends on nothing the topology configures (no table, no wiring), so it always answers: a
 * custom resource that never answers holds a deploy for an hour.
 */
public final class DeploymentCheckHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentCheckHandler.class);

  /** The resource's physical id: constant, so an update never replaces (and deletes) it. */
  static final String PHYSICAL_ID = "baton-topology-check";

  /** CloudFormation keeps at most 4 KB of a reason; the problems come first. */
  private static final int MAX_REASON = 3_000;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final Map<String, String> environment;

  public DeploymentCheckHandler() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), System.getenv());
    JsonLogging.install(System.getenv(), "deployment-check");
  }

  DeploymentCheckHandler(HttpClient http, Map<String, String> environment) {
    this.http = http;
    this.environment = environment;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = json.readTree(input);
    String responseUrl = event == null ? "" : event.path("ResponseURL").asText("");
    if (responseUrl.isEmpty()) {
      throw new IllegalArgumentException(
          "ResponseURL: required; this function answers CloudFormation custom resource events only");
    }
    Verdict verdict;
    try {
      verdict = judge(event);
    } catch (RuntimeException e) {
      // Whatever went wrong, CloudFormation gets an answer: a custom resource that never answers
      // holds the deploy until its timeout, with no reason.
      LOG.error("the topology check failed: {}", e.toString(), e);
      verdict =
          new Verdict(
              false, "the topology check itself failed (" + e + "); see the function's log", 0);
    }
    if (verdict.ok()) {
      LOG.info("{}: {}", event.path("RequestType").asText(), verdict.reason());
    } else {
      LOG.warn("{}: {}", event.path("RequestType").asText(), verdict.reason());
    }
    ObjectNode response = json.createObjectNode();
    response.put("Status", verdict.ok() ? "SUCCESS" : "FAILED");
    response.put("Reason", truncate(verdict.reason()));
    response.put("PhysicalResourceId", PHYSICAL_ID);
    response.put("StackId", event.path("StackId").asText());
    response.put("RequestId", event.path("RequestId").asText());
    response.put("LogicalResourceId", event.path("LogicalResourceId").asText());
    response.putObject("Data").put("Regions", verdict.regions());
    respond(responseUrl, json.writeValueAsString(response));
    output.write(
        ("{\"status\":\"" + response.get("Status").asText() + "\"}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** The check's answer for one event: SUCCESS or FAILED, with one reason. */
  record Verdict(boolean ok, String reason, int regions) {}

  Verdict judge(JsonNode event) {
    String type = event.path("RequestType").asText("");
    if (type.equals("Delete")) {
      return new Verdict(true, "nothing to check on delete", 0);
    }
    if (!type.equals("Create") && !type.equals("Update")) {
      return new Verdict(
          false, "RequestType: must be Create, Update or Delete, was '" + type + "'", 0);
    }
    JsonNode properties = event.path("ResourceProperties");
    Topology topology;
    try {
      topology = topology(properties);
    } catch (InvalidConfigException e) {
      return failed("the topology is invalid", e.problems());
    } catch (RuntimeException e) {
      return new Verdict(false, "the topology could not be read: " + e.getMessage(), 0);
    }
    List<ConfigProblem> problems = new ArrayList<>();
    DeploymentCheck.Stack stack =
        new DeploymentCheck.Stack(
            properties.path("HomeRegion").asText(""),
            strings(properties.path("ReplicaRegions")),
            strings(properties.path("Route53RecordNames")),
            properties.path("HostedZoneId").asText(""),
            !properties.path("DoTokenSecretArn").asText("").isBlank(),
            !properties.path("CloudflareTokenSecretArn").asText("").isBlank());
    if (stack.homeRegion().isBlank()) {
      problems.add(new ConfigProblem("HomeRegion", "required (the stack's AWS region)"));
    } else {
      problems.addAll(DeploymentCheck.problems(topology, stack));
    }
    if (!problems.isEmpty()) {
      return failed("the topology does not fit this stack", problems);
    }
    return new Verdict(
        true,
        "topology of "
            + topology.app()
            + " fits the stack: "
            + topology.regions().size()
            + " regions, each on a replica of "
            + List.copyOf(stack.replicas())
            + ", "
            + topology.routers().size()
            + " routers with what they need",
        topology.regions().size());
  }

  /**
   * The topology to check: the one in this function's artifact ({@code BATON_TOPOLOGY_FILE}, put
   * there by the same {@code sam build} as every function's), or a {@code Topology} property.
   */
  private Topology topology(JsonNode properties) {
    String document = properties.path("Topology").asText("");
    if (!document.isBlank()) {
      return TopologyLoader.parse(document, "the TopologyCheck resource's Topology property");
    }
    return TopologyLoader.fromEnvironment(environment);
  }

  private static Verdict failed(String what, List<ConfigProblem> problems) {
    return new Verdict(
        false,
        what
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "): "
            + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")),
        0);
  }

  /** A list property: CloudFormation passes a CommaDelimitedList as an array; a string is split. */
  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else if (node.isTextual()) {
      values.addAll(List.of(node.asText().split(",")));
    }
    return values;
  }

  private void respond(String url, String body) throws IOException {
    // The pre-signed S3 URL was signed without a content type: send none.
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<Void> answer;
    try {
      answer = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while answering CloudFormation", e);
    }
    if (answer.statusCode() / 100 != 2) {
      // Not the body: S3's error documents echo the request, signature included.
      throw new IOException(
          "CloudFormation's response URL answered HTTP "
              + answer.statusCode()
              + " (the body is not logged: it may echo the pre-signed request)");
    }
  }

  private static String truncate(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...";
  }
}
