package dev.baton.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics leave as CloudWatch embedded-metric-format lines on stdout. */
class EmfMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCountIsOneEmfLineInTheBatonNamespaceWithServiceAndItsOwnDimensions() throws Exception {
    EmfMetrics metrics = EmfMetrics.fromEnvironment(Map.of(), "health-transition");

    List<JsonNode> lines =
        stdoutOf(() -> metrics.count("RecordsIgnored", 3, Map.of("Cause", "ttl-expiry")));

    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asText()).isEqualTo("Baton");
    assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("RecordsIgnored");
    assertThat(directive.path("Metrics").get(0).path("Unit").asText()).isEqualTo("Count");
    assertThat(directive.path("Dimensions").get(0))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("Service", "Cause");
    assertThat(line.path("RecordsIgnored").asDouble()).isEqualTo(3);
    assertThat(line.path("Cause").asText()).isEqualTo("ttl-expiry");
    assertThat(line.path("Service").asText()).isEqualTo("health-transition");
  }

  @Test
  void anAlarmMetricCarriesOnlyTheServiceDimensionTheTemplatesAlarmsWatch() throws Exception {
    EmfMetrics metrics =
        EmfMetrics.fromEnvironment(
            Map.of(
                "POWERTOOLS_SERVICE_NAME",
                "stale-sweeper",
                "POWERTOOLS_METRICS_NAMESPACE",
                "Baton"),
            "unused");

    List<JsonNode> lines = stdoutOf(() -> metrics.count(MetricNames.OBSERVER_SUSPECT));

    JsonNode directive = lines.get(0).path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Dimensions").get(0))
        .extracting(JsonNode::asText)
        .containsExactly("Service");
    assertThat(lines.get(0).path("Service").asText()).isEqualTo("stale-sweeper");
  }

  @Test
  void latencyIsInMilliseconds() throws Exception {
    EmfMetrics metrics = EmfMetrics.fromEnvironment(Map.of(), "health-transition");

    List<JsonNode> lines = stdoutOf(() -> metrics.millis(MetricNames.EVALUATION_LATENCY, 12));

    JsonNode metric =
        lines.get(0).path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0);
    assertThat(metric.path("Unit").asText()).isEqualTo("Milliseconds");
    assertThat(lines.get(0).path("EvaluationLatency").asDouble()).isEqualTo(12);
  }

  private static List<JsonNode> stdoutOf(Runnable action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
      if (line.startsWith("{") && line.contains("\"_aws\"")) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
