package dev.baton.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.local.BatonTable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The template's alarms watch metrics the code emits, under the services that emit them: a renamed
 * metric or a typo in template.yaml would leave an alarm that can never fire.
 */
class TemplateAlarmsTest {
  private static final Set<String> SERVICES =
      Set.of("health-transition", "stale-sweeper", "promotion");

  @Test
  void everyBatonAlarmWatchesAMetricTheCodeEmitsUnderAFunctionsServiceName() throws IOException {
    Map<String, List<JsonNode>> watched = batonMetricsByAlarm();

    assertThat(watched).isNotEmpty();
    watched.forEach(
        (alarm, metrics) ->
            assertThat(metrics)
                .as(alarm)
                .allSatisfy(
                    metric -> {
                      assertThat(metric.path("MetricName").asText()).isIn(metricNames());
                      assertThat(metric.path("Dimensions"))
                          .allSatisfy(
                              d -> {
                                assertThat(d.path("Name").asText()).isEqualTo("Service");
                                assertThat(d.path("Value").asText()).isIn(SERVICES);
                              });
                    }));
  }

  @Test
  void everyMetricThatNeedsAHumanHasAnAlarm() throws IOException {
    Set<String> alarmed = new HashSet<>();
    batonMetricsByAlarm()
        .values()
        .forEach(m -> m.forEach(n -> alarmed.add(n.path("MetricName").asText())));

    assertThat(alarmed)
        .contains(
            MetricNames.OBSERVER_SUSPECT,
            MetricNames.TOTAL_OUTAGE,
            MetricNames.NO_HEALTHY_TARGET,
            MetricNames.ACTIVE_REGION_UNKNOWN,
            MetricNames.PERSPECTIVE_SUSPECT,
            MetricNames.FROZEN,
            MetricNames.MALFORMED_RECORD,
            MetricNames.PROMOTION_FAILED,
            MetricNames.PROMOTION_STUCK,
            MetricNames.READINESS_FAILED,
            MetricNames.FAILOVER_REQUESTED,
            MetricNames.AUDIT_WRITE_FAILED);
  }

  /** Alarm id -> the Baton-namespace metrics it reads (plain or inside metric math). */
  private static Map<String, List<JsonNode>> batonMetricsByAlarm() throws IOException {
    JsonNode resources =
        new YAMLMapper().readTree(Files.readString(BatonTable.template())).path("Resources");
    Map<String, List<JsonNode>> out = new HashMap<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                return;
              }
              JsonNode props = e.getValue().path("Properties");
              List<JsonNode> metrics = new ArrayList<>();
              if (props.has("MetricName")) {
                metrics.add(props);
              }
              for (JsonNode query : props.path("Metrics")) {
                JsonNode metric = query.path("MetricStat").path("Metric");
                if (!metric.isMissingNode()) {
                  metrics.add(metric);
                }
              }
              List<JsonNode> baton =
                  metrics.stream()
                      .filter(m -> m.path("Namespace").asText().equals("Baton"))
                      .toList();
              if (!baton.isEmpty()) {
                out.put(e.getKey(), baton);
              }
            });
    return out;
  }

  private static Set<String> metricNames() {
    Set<String> names = new HashSet<>();
    Arrays.stream(MetricNames.class.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .filter(f -> !f.getName().equals("CAUSE"))
        .forEach(f -> names.add(value(f)));
    return names;
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(field.getName() + " is not readable", e);
    }
  }
}
