package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.domain.PromotionKind;
import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import dev.baton.port.AuditLog;
import dev.baton.promotion.PromotionRecord;
import dev.baton.promotion.PromotionStatus;
import dev.baton.promotion.StepRecord;
import dev.baton.store.DynamoAuditLog;
import dev.baton.store.DynamoPromotionJournal;
import dev.baton.testkit.MotoExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code baton history} and {@code --stack} against moto: the table is found through a
 * CloudFormation stack's outputs (as on AWS), and the history is read from promotion and audit
 * items written by the production store code.
 */
@ExtendWith(MotoExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryAndStackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "baton-history-it";
  private static final String STACK = "baton-history-it";
  private static final Instant NOW = Instant.now();

  private MotoServer moto;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  void deploy(MotoServer moto, DynamoDbClient dynamo) {
    this.moto = moto;
    BatonTable.create(dynamo, TABLE);
    try (CloudFormationClient cf =
        CloudFormationClient.builder()
            .region(Region.of(MotoExtension.REGION))
            .endpointOverride(moto.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      cf.createStack(
          b ->
              b.stackName(STACK)
                  .templateBody(
                      """
                      Resources:
                        Topic:
                          Type: AWS::SNS::Topic
                      Outputs:
                        TableName:
                          Value: %s
                        PromotionFunctionAlias:
                          Value: arn:aws:lambda:us-east-1:123456789012:function:baton-promotion:live
                      """
                          .formatted(TABLE)));
      cf.createStack(
          b ->
              b.stackName("not-baton")
                  .templateBody(
                      """
                      Resources:
                        Topic:
                          Type: AWS::SNS::Topic
                      Outputs:
                        TopicArn:
                          Value: !Ref Topic
                      """));
    }
    writeHistory(dynamo);
  }

  /**
   * Three promotions and four audit items, as the promotion function and the monitor write them.
   */
  private static void writeHistory(DynamoDbClient dynamo) {
    DynamoPromotionJournal journal = new DynamoPromotionJournal(dynamo, TABLE);
    Instant failoverAt = NOW.minus(Duration.ofHours(1));
    PromotionRecord failover =
        journal.save(
            promotion(
                "failover-1",
                PromotionKind.AUTO_FAILOVER,
                failoverAt,
                "baton:health-transition",
                "nyc1 is UNHEALTHY: 0 of 2 instances up for 15s"));
    journal.save(
        failover
            .withEpoch(2, failoverAt)
            .withStep(
                failover
                    .step("claim")
                    .orElseThrow()
                    .attempt(failoverAt)
                    .succeeded("epoch 2", failoverAt),
                failoverAt)
            .withStatus(PromotionStatus.SUCCEEDED, failoverAt));
    Instant failbackAt = NOW.minus(Duration.ofDays(2));
    PromotionRecord failback =
        journal.save(
            promotion("failback-1", PromotionKind.FAILBACK, failbackAt, "alice", "nyc1 is back"));
    journal.save(
        failback
            .withStep(
                failback
                    .step("claim")
                    .orElseThrow()
                    .attempt(failbackAt)
                    .failed("the DigitalOcean API answered 503 five times", failbackAt),
                failbackAt)
            .withStatus(PromotionStatus.FAILED, failbackAt));
    journal.save(
        promotion(
            "switchover-old",
            PromotionKind.SWITCHOVER,
            NOW.minus(Duration.ofDays(10)),
            "carol",
            "planned move"));

    DynamoAuditLog audit =
        new DynamoAuditLog(dynamo, TABLE, DynamoAuditLog.DEFAULT_RETENTION, new Random(7));
    audit.record(
        new AuditLog.Entry(
            NOW.minus(Duration.ofHours(3)),
            "mode-changed",
            "FROZEN",
            "freeze allowed",
            Map.of("action", "freeze", "requestedBy", "bob", "requestReason", "db migration")));
    audit.record(
        new AuditLog.Entry(
            NOW.minus(Duration.ofMinutes(30)),
            "not-acting",
            "failover",
            "not acting: automation is FROZEN",
            Map.of("action", "failover", "from", "ams3", "to", "nyc1", "requestedBy", "baton:x")));
    audit.record(
        new AuditLog.Entry(
            NOW.minus(Duration.ofHours(1)),
            "region-transition",
            "nyc1",
            "nyc1 UNHEALTHY",
            Map.of()));
    audit.record(
        new AuditLog.Entry(
            NOW.minus(Duration.ofDays(9)),
            "mode-changed",
            "AUTO",
            "unfreeze allowed",
            Map.of("action", "unfreeze", "requestedBy", "dave", "requestReason", "old")));
  }

  private static PromotionRecord promotion(
      String id, PromotionKind kind, Instant at, String by, String reason) {
    Instant t = at.truncatedTo(ChronoUnit.MILLIS);
    return new PromotionRecord(
        id,
        kind,
        "nyc1",
        "ams3",
        1,
        0,
        by,
        reason,
        "the rules allow it",
        List.of(),
        false,
        false,
        PromotionStatus.RUNNING,
        List.of(
            StepRecord.pending("validate").attempt(t).succeeded("ok", t),
            StepRecord.pending("claim")),
        t,
        t,
        0,
        List.of());
  }

  @BeforeEach
  void clear() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  /** A shell that reaches "AWS" through per-service endpoints, as a deployed stack is reached. */
  private int baton(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", MotoExtension.REGION);
    env.put("BATON_DYNAMODB_ENDPOINT", moto.endpoint().toString());
    env.put(BatonConnection.CLOUDFORMATION_ENDPOINT, moto.endpoint().toString());
    return BatonCli.run(
        new CommandContext(
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            e -> {
              throw new AssertionError("no promotion here");
            },
            (s, scale, d, o) -> 0),
        args);
  }

  private JsonNode historyJson(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("history", "--stack", STACK, "--json"));
    args.addAll(List.of(more));
    clear();
    assertThat(baton(args.toArray(String[]::new))).as(err.toString()).isZero();
    return JSON.readTree(out.toString());
  }

  @Test
  void historyShowsTheLastWeekNewestFirstFromTheStacksTable() throws Exception {
    JsonNode entries = historyJson().get("entries");
    assertThat(entries.findValuesAsText("kind"))
        .containsExactly("failover", "failover", "freeze", "failback");
    assertThat(entries.findValuesAsText("status"))
        .containsExactly("NOT-ACTING", "SUCCEEDED", "DONE", "FAILED");
    JsonNode failover = entries.get(1);
    assertThat(failover.get("promotionId").asText()).isEqualTo("failover-1");
    assertThat(failover.get("epoch").asLong()).isEqualTo(2);
    assertThat(failover.get("requestedBy").asText()).isEqualTo("baton:health-transition");
    assertThat(failover.get("reason").asText())
        .isEqualTo("nyc1 is UNHEALTHY: 0 of 2 instances up for 15s");
    JsonNode failback = entries.get(3);
    assertThat(failback.get("failedStep").asText()).isEqualTo("claim");
    assertThat(failback.get("failure").asText()).contains("answered 503");
    assertThat(failback.get("epoch").isNull()).isTrue();
    assertThat(entries.get(2).get("reason").asText()).isEqualTo("db migration");
  }

  @Test
  void daysAndLimitChooseTheWindow() throws Exception {
    assertThat(historyJson("--days", "11").get("entries").findValuesAsText("promotionId"))
        .contains("switchover-old");
    assertThat(historyJson("--days", "11").get("entries")).hasSize(6);
    assertThat(historyJson("--limit", "2").get("entries").findValuesAsText("kind"))
        .containsExactly("failover", "failover");
    clear();
    assertThat(baton("history", "--stack", STACK, "--days", "0")).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("--days: must be between 1 and 90");
  }

  @Test
  void historyAsATableHasOneLinePerEntry() {
    assertThat(baton("history", "--stack", STACK)).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("TIME").contains("KIND", "MOVE", "EPOCH", "BY", "STATUS");
    assertThat(lines.get(2)).contains("failover", "nyc1 -> ams3", "SUCCEEDED", "nyc1 is UNHEALTHY");
    assertThat(lines.get(4)).contains("failback", "alice", "FAILED at claim", "nyc1 is back");
    assertThat(out.toString()).contains("continue it with: baton resume failback-1");
  }

  @Test
  void statusFindsTheTableThroughTheStack() throws Exception {
    assertThat(baton("status", "--stack", STACK, "--output", "json")).as(err.toString()).isZero();
    assertThat(JSON.readTree(out.toString()).get("promotions").findValuesAsText("id"))
        .contains("failover-1", "failback-1");
  }

  @Test
  void aStackWithoutTheOutputIsABadRequestNamingStackAndOutput() {
    assertThat(baton("history", "--stack", "not-baton")).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString())
        .isEqualTo(
            "baton: --stack: stack not-baton has no output TableName (its outputs: TopicArn); is"
                + " it a Baton stack, and has its deploy finished?\n");
    clear();
    assertThat(baton("freeze", "--reason", "x", "--stack", "not-baton"))
        .isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).contains("stack not-baton has no output PromotionFunctionAlias");
  }

  @Test
  void aMissingStackIsABadRequestNamingIt() {
    assertThat(baton("status", "--stack", "nope")).isEqualTo(Outcomes.REJECTED);
    assertThat(err.toString()).startsWith("baton: --stack: stack nope does not exist");
    assertThat(err.toString().lines().count()).isOne();
  }

  @Test
  void aMissingTableIsUnreachable() {
    assertThat(baton("history", "--table", "no-such-table")).isEqualTo(Outcomes.UNREACHABLE);
    assertThat(err.toString())
        .startsWith(
            "baton: Baton unreachable: cannot read the history from the table no-such-table")
        .contains("ResourceNotFoundException");
  }
}
