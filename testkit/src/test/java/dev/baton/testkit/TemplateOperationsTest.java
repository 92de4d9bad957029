package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on once the stack is deployed for real: alarm e-mails that can arrive,
 * alarms that notice a monitor that stopped, logs that expire, data that survives mistakes, grants
 * no wider than the code needs, and synchronous waits longer than the work they wait for.
 */
class TemplateOperationsTest {
  private static final JsonNode TEMPLATE = TemplateResources.template();
  private static final JsonNode RESOURCES = TEMPLATE.path("Resources");
  private static final List<String> MONITOR =
      List.of("HealthTransitionFunction", "StaleHeartbeatFunction", "PromotionFunction");

  @Test
  void alarmsCanPublishToTheTopicBecauseItsKeyLetsCloudWatchUseIt() {
    JsonNode topic = RESOURCES.path("NotificationTopic").path("Properties");
    String keyId = topic.path("KmsMasterKeyId").asText();
    assertThat(keyId)
        .as("the AWS-managed alias/aws/sns key cannot be used by CloudWatch alarms")
        .doesNotStartWith("alias/aws/");
    JsonNode key = RESOURCES.path(keyId);
    assertThat(key.path("Type").asText()).isEqualTo("AWS::KMS::Key");
    JsonNode cloudWatch = null;
    for (JsonNode statement : key.path("Properties").path("KeyPolicy").path("Statement")) {
      if (statement.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com")) {
        cloudWatch = statement;
      }
    }
    assertThat(cloudWatch).as("a key policy statement for cloudwatch.amazonaws.com").isNotNull();
    assertThat(strings(cloudWatch.path("Action"))).contains("kms:Decrypt", "kms:GenerateDataKey*");
    assertThat(cloudWatch.path("Effect").asText()).isEqualTo("Allow");
    // The promotion function publishes notices itself: it needs the key as well.
    assertThat(grants("PromotionFunction"))
        .anySatisfy(g -> assertThat(g).contains("kms:GenerateDataKey"));
  }

  @Test
  void aMonitorThatStopsRunningRaisesAnAlarm() {
    for (String function : List.of("HealthTransitionFunction", "StaleHeartbeatFunction")) {
      assertThat(alarms())
          .as("a dead-man alarm on %s", function)
          .anySatisfy(
              alarm -> {
                JsonNode p = alarm.path("Properties");
                assertThat(p.path("MetricName").asText()).isEqualTo("Invocations");
                assertThat(p.path("Dimensions").get(0).path("Value").asText()).isEqualTo(function);
                assertThat(p.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
                assertThat(p.path("TreatMissingData").asText()).isEqualTo("breaching");
              });
    }
    assertThat(RESOURCES.path("FunctionThrottlesAlarm").path("Properties").toString())
        .contains(
            "Throttles", "HealthTransitionFunction", "StaleHeartbeatFunction", "PromotionFunction");
    assertThat(RESOURCES.path("TableThrottlesAlarm").path("Properties").toString())
        .contains("ReadThrottleEvents", "WriteThrottleEvents");
    assertThat(RESOURCES.path("Dashboard").path("Type").asText())
        .isEqualTo("AWS::CloudWatch::Dashboard");
  }

  @Test
  void theDashboardIsValidJsonShowingEveryGaugeAndEveryAlarmExactlyOnce() throws IOException {
    JsonNode body = RESOURCES.path("Dashboard").path("Properties").path("DashboardBody");
    // !Sub [template, {}]: Jackson reads the tag's list as a plain array.
    String template = body.isArray() ? body.get(0).asText() : body.asText();
    JsonNode dashboard =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(template.replaceAll("\\$\\{[^}]+}", "x"));
    assertThat(dashboard.path("widgets").size()).isGreaterThanOrEqualTo(5);
    assertThat(template)
        .contains("HealthyRegions", "ActiveRegionHealthy", "BatonFrozen", "BatonEpoch");
    // Every perspective's verdict on every region (dimensions unknown until the topology loads).
    assertThat(template)
        .contains(
            "SEARCH('{Baton,Perspective,Region,Service} MetricName=\\\"OutsideDown\\\"'",
            "PerspectiveSuspect");
    List<String> alarmsShown = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\$\\{(\\w+Alarm)\\.Arn}").matcher(template);
    while (m.find()) {
      alarmsShown.add(m.group(1));
    }
    List<String> alarmIds = TemplateResources.ofType(RESOURCES, "AWS::CloudWatch::Alarm");
    assertThat(alarmsShown).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(alarmIds);
  }

  @Test
  void everyFunctionLogsToAGroupOfTheStackWithTheRetentionParameter() {
    for (String function : functions()) {
      String group =
          RESOURCES
              .path(function)
              .path("Properties")
              .path("LoggingConfig")
              .path("LogGroup")
              .asText();
      assertThat(group).as("%s's log group", function).isNotEmpty();
      JsonNode logGroup = RESOURCES.path(group);
      assertThat(logGroup.path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");
      assertThat(logGroup.path("Properties").path("RetentionInDays").asText())
          .isEqualTo("LogRetentionDays");
    }
  }

  @Test
  void everyReplicaHasPointInTimeRecoveryAndDeletionProtectionAndTheQueuesAreKept() {
    JsonNode replicas = RESOURCES.path("BatonTable").path("Properties").path("Replicas");
    List<JsonNode> specs = new ArrayList<>();
    for (JsonNode replica : replicas) {
      // Optional replicas are !If [condition, spec, !Ref AWS::NoValue].
      specs.add(replica.isArray() ? replica.get(1) : replica);
    }
    assertThat(specs)
        .hasSize(5)
        .allSatisfy(
            spec -> {
              assertThat(spec.path("DeletionProtectionEnabled").asBoolean()).isTrue();
              assertThat(
                      spec.path("PointInTimeRecoverySpecification")
                          .path("PointInTimeRecoveryEnabled")
                          .asBoolean())
                  .isTrue();
            });
    assertThat(RESOURCES.path("BatonTable").path("DeletionPolicy").asText()).isEqualTo("Retain");
    for (String kept : List.of("StreamFailureQueue", "PromotionDeadLetterQueue", "BatonTable")) {
      assertThat(RESOURCES.path(kept).path("DeletionPolicy").asText())
          .as("%s survives a stack deletion", kept)
          .startsWith("Retain");
      assertThat(RESOURCES.path(kept).path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    }
  }

  @Test
  void grantsAreNoWiderThanTheCodeNeeds() {
    String policies = RESOURCES.toString();
    assertThat(policies).doesNotContain("dynamodb:Scan").doesNotContain("ConditionCheckItem");
    JsonNode upsert = null;
    for (JsonNode statement : statements("PromotionFunction")) {
      if (strings(statement.path("Action")).contains("route53:ChangeResourceRecordSets")) {
        upsert = statement;
      }
    }
    assertThat(upsert).as("the Route 53 change grant").isNotNull();
    JsonNode condition = upsert.path("Condition").path("ForAllValues:StringEquals");
    assertThat(condition.path("route53:ChangeResourceRecordSetsNormalizedRecordNames").asText())
        .isEqualTo("Route53RecordNames");
    assertThat(strings(condition.path("route53:ChangeResourceRecordSetsActions")))
        .containsExactly("UPSERT");
  }

  @Test
  void theSweepersReadinessWaitOutlastsThePromotionFunctionAndFitsInTheSweeper() {
    Duration promotion = Duration.ofSeconds(property("PromotionFunction", "Timeout").asLong());
    Duration told =
        Duration.parse(
            property("StaleHeartbeatFunction", "Environment")
                .path("Variables")
                .path("BATON_PROMOTION_TIMEOUT")
                .asText());
    Duration sweeper = Duration.ofSeconds(property("StaleHeartbeatFunction", "Timeout").asLong());
    assertThat(told).isEqualTo(promotion);
    // AwsClients.SYNCHRONOUS_INVOKE_MARGIN (15 s): the invoke waits that much beyond the function.
    assertThat(sweeper).isGreaterThan(promotion.plus(Duration.ofSeconds(15)));
  }

  @Test
  void theTopologyIsCheckedAgainstTheStackBeforeAnyMonitorFunctionGetsIt() {
    JsonNode check = RESOURCES.path("TopologyCheck");
    assertThat(check.path("Properties").path("ServiceToken").asText())
        .isEqualTo("DeploymentCheckFunction.Arn");
    assertThat(check.path("Properties").path("ReplicaRegions").asText())
        .isEqualTo("ReplicaRegions");
    assertThat(property("DeploymentCheckFunction", "Handler").asText())
        .isEqualTo("dev.baton.functions.DeploymentCheckHandler::handleRequest");
    for (String waits :
        List.of(
            "HealthTransitionFunction",
            "StaleHeartbeatFunction",
            "PromotionFunction",
            "BatonTable")) {
      assertThat(RESOURCES.path(waits).path("DependsOn").asText())
          .as("%s waits for the check", waits)
          .isEqualTo("TopologyCheck");
    }
    // The check itself depends on nothing the topology configures (so no cycle, and a failed
    // first deploy leaves no table behind).
    assertThat(RESOURCES.path("DeploymentCheckFunction").toString())
        .doesNotContain("BatonTable", "NotificationTopic");
    assertThat(TEMPLATE.path("Globals").toString())
        .doesNotContain("BatonTable", "NotificationTopic");
  }

  private static List<String> functions() {
    return TemplateResources.ofType(RESOURCES, "AWS::Serverless::Function");
  }

  private static List<JsonNode> alarms() {
    return TemplateResources.ofType(RESOURCES, "AWS::CloudWatch::Alarm").stream()
        .map(RESOURCES::path)
        .toList();
  }

  private static List<JsonNode> statements(String function) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode policy : property(function, "Policies")) {
      JsonNode block = policy.isArray() ? policy.get(1) : policy;
      block.path("Statement").forEach(out::add);
    }
    return out;
  }

  private static List<String> grants(String function) {
    return statements(function).stream().map(s -> strings(s.path("Action")).toString()).toList();
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  private static JsonNode property(String resource, String name) {
    return RESOURCES.path(resource).path("Properties").path(name);
  }
}
