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
    // !If [CreatesStrongTable, [the three ControlRegions], [this region, optional ReplicaRegions]]
    JsonNode replicas = RESOURCES.path("BatonTable").path("Properties").path("Replicas");
    assertThat(replicas.get(0).asText()).isEqualTo("CreatesStrongTable");
    List<JsonNode> strong = new ArrayList<>();
    replicas.get(1).forEach(strong::add);
    List<JsonNode> single = new ArrayList<>();
    for (JsonNode replica : replicas.get(2)) {
      // Optional replicas are !If [condition, spec, !Ref AWS::NoValue].
      single.add(replica.isArray() ? replica.get(1) : replica);
    }
    assertThat(strong).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode region = strong.get(i).path("Region");
      assertThat(region.get(0).asInt()).as("strong replica %d", i).isEqualTo(i);
      assertThat(region.toString()).contains("ControlRegions");
    }
    assertThat(single).hasSize(5);
    List<JsonNode> specs = new ArrayList<>(strong);
    specs.addAll(single);
    assertThat(specs)
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
    // Agents may write to the three ControlRegions, or to this region and its ReplicaRegions.
    assertThat(strings(check.path("Properties").path("ReplicaRegions")))
        .containsExactly("Strong", "ControlRegions", "ReplicaRegions");
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

  @Test
  void theFirstStackCreatesAStronglyConsistentTableWithoutTtlTheOthersCreateNone() {
    JsonNode table = RESOURCES.path("BatonTable");
    assertThat(table.path("Condition").asText()).isEqualTo("HasTable");
    JsonNode p = table.path("Properties");
    assertThat(strings(p.path("MultiRegionConsistency")))
        .containsExactly("CreatesStrongTable", "STRONG", "AWS::NoValue");
    assertThat(strings(p.path("TableName")))
        .containsExactly("CreatesStrongTable", "ControlTableName", "AWS::NoValue");
    // MRSC has no TTL: TTL only on the single-region table (the sweeper expires items on both).
    JsonNode ttl = p.path("TimeToLiveSpecification");
    assertThat(ttl.get(0).asText()).isEqualTo("SingleRegion");
    assertThat(ttl.get(2).asText()).isEqualTo("AWS::NoValue");
    JsonNode conditions = TEMPLATE.path("Conditions");
    assertThat(strings(conditions.path("AttachesTable").get(1)))
        .containsExactly("ControlTableMode", "attach");
    assertThat(conditions.path("HasTable").toString()).contains("AttachesTable");
  }

  @Test
  void anAttachedStackReadsItsOwnReplicasStreamAndTheTableByName() {
    JsonNode mapping = property("HeartbeatStreamMapping", "EventSourceArn");
    assertThat(strings(mapping))
        .containsExactly("AttachesTable", "ControlTableStreamArn", "BatonTable.StreamArn");
    JsonNode stream = null;
    for (JsonNode statement : statements("HealthTransitionFunction")) {
      if (strings(statement.path("Action")).contains("dynamodb:GetRecords")) {
        stream = statement;
      }
    }
    assertThat(stream).isNotNull();
    assertThat(stream.path("Resource").get(1).asText()).isEqualTo("ControlTableStreamArn");
    for (String function : MONITOR) {
      assertThat(strings(property(function, "Environment").path("Variables").path("BATON_TABLE")))
          .as("%s's table", function)
          .containsExactly("HasTable", "BatonTable", "ControlTableName");
      for (JsonNode statement : statements(function)) {
        if (statement.toString().contains("dynamodb:")
            && !statement.toString().contains("/stream")) {
          // This region's replica only: arn:...:dynamodb:${AWS::Region}:...:table/<name>.
          assertThat(statement.path("Resource").get(0).asText())
              .as("%s %s", function, statement.path("Sid").asText())
              .contains(":dynamodb:${AWS::Region}:");
        }
      }
    }
    // The deploy stops with the describe-table command when an attached stack has no stream.
    JsonNode rule = TEMPLATE.path("Rules").path("AttachedStackNeedsTheStream");
    assertThat(rule.path("RuleCondition").toString()).contains("ControlTableMode", "attach");
    assertThat(rule.path("Assertions").toString())
        .contains("ControlTableStreamArn", "describe-table", "Table.LatestStreamArn");
  }

  @Test
  void theSweeperMayDeleteOnlyExpiredHeartbeatAndAuditItems() {
    List<JsonNode> deletes =
        statements("StaleHeartbeatFunction").stream()
            .filter(s -> strings(s.path("Action")).contains("dynamodb:DeleteItem"))
            .toList();
    assertThat(deletes).hasSize(1);
    assertThat(
            strings(
                deletes
                    .get(0)
                    .path("Condition")
                    .path("ForAllValues:StringLike")
                    .path("dynamodb:LeadingKeys")))
        .containsExactly("HB#*", "AUDIT#*");
    for (String other : List.of("HealthTransitionFunction", "PromotionFunction")) {
      assertThat(grants(other)).noneSatisfy(g -> assertThat(g).contains("dynamodb:DeleteItem"));
    }
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
