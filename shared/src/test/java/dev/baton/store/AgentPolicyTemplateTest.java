package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.local.BatonTable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agents' IAM policy in template.yaml, evaluated the way IAM evaluates its conditions on {@code
 * dynamodb:LeadingKeys}: an identity tagged {@code baton-region=nyc1} may write and read only
 * {@code HB#nyc1}, and read the baton; nothing else, and an untagged identity nothing at all
 * (decision 0018). The evaluator knows only the condition operators and keys the policy should use:
 * any other makes the test fail rather than pass unevaluated.
 */
class AgentPolicyTemplateTest {
  private static final String TAG = "aws:PrincipalTag/baton-region";
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  private static JsonNode statements;

  @BeforeAll
  static void readPolicy() throws IOException {
    JsonNode policy =
        new YAMLMapper()
            .readTree(Files.readString(BatonTable.template()))
            .path("Resources")
            .path("AgentPolicy");
    assertThat(policy.path("Type").asText()).isEqualTo("AWS::IAM::ManagedPolicy");
    statements = policy.path("Properties").path("PolicyDocument").path("Statement");
    assertThat(statements.isArray() && statements.size() > 0).as("AgentPolicy statements").isTrue();
  }

  @Test
  void anAgentWritesOnlyItsOwnRegionsHeartbeats() {
    Map<String, String> nyc1 = Map.of(TAG, "nyc1");
    for (String write : List.of("dynamodb:PutItem", "dynamodb:UpdateItem")) {
      assertThat(allowed(write, "HB#nyc1", nyc1)).as(write + " HB#nyc1").isTrue();
      assertThat(allowed(write, "HB#ams3", nyc1)).as(write + " HB#ams3").isFalse();
      assertThat(allowed(write, "BATON", nyc1)).as(write + " BATON").isFalse();
      assertThat(allowed(write, "REGION#nyc1", nyc1)).as(write + " REGION#nyc1").isFalse();
      assertThat(allowed(write, "HB#nyc1x", nyc1)).as(write + " HB#nyc1x").isFalse();
    }
  }

  @Test
  void anAgentReadsOnlyTheBatonAndItsOwnRegionsHeartbeats() {
    Map<String, String> nyc1 = Map.of(TAG, "nyc1");
    assertThat(allowed("dynamodb:GetItem", "BATON", nyc1)).isTrue();
    assertThat(allowed("dynamodb:GetItem", "HB#nyc1", nyc1)).isTrue();
    assertThat(allowed("dynamodb:GetItem", "HB#ams3", nyc1)).isFalse();
    assertThat(allowed("dynamodb:GetItem", "PROMOTION#p1", nyc1)).isFalse();
    assertThat(allowed("dynamodb:Query", "HB#nyc1", nyc1)).isFalse();
    assertThat(allowed("dynamodb:DeleteItem", "HB#nyc1", nyc1)).isFalse();
  }

  @Test
  void anUntaggedIdentityCanWriteNothing() {
    assertThat(allowed("dynamodb:PutItem", "HB#nyc1", Map.of())).isFalse();
    assertThat(allowed("dynamodb:PutItem", "HB#", Map.of())).isFalse();
  }

  @Test
  void aWildcardTagValueIsNotAWildcard() {
    Map<String, String> star = Map.of(TAG, "*");
    assertThat(allowed("dynamodb:PutItem", "HB#nyc1", star)).isFalse();
  }

  @Test
  void everyStatementTargetsTheControlTableOnly() {
    statements.forEach(
        s -> {
          // !If [Strong, [the three ControlRegions replicas], !GetAtt BatonTable.Arn]
          JsonNode resource = s.path("Resource");
          assertThat(resource.get(0).asText()).as(sid(s)).isEqualTo("Strong");
          // One region: the replica in the stack's (home) region, the authority.
          assertThat(resource.get(2).asText()).as(sid(s)).isEqualTo("BatonTable.Arn");
          // Three regions: each replica of the strongly consistent table, the nearest first in
          // the agent's own configuration; nothing else.
          JsonNode replicas = resource.get(1);
          assertThat(replicas).as(sid(s)).hasSize(3);
          for (int i = 0; i < 3; i++) {
            JsonNode sub = replicas.get(i);
            assertThat(sub.get(0).asText())
                .as(sid(s))
                .endsWith(":dynamodb:${Region}:${AWS::AccountId}:table/${ControlTableName}");
            JsonNode region = sub.get(1).path("Region");
            assertThat(region.get(0).asInt()).as(sid(s)).isEqualTo(i);
            assertThat(region.toString()).as(sid(s)).contains("ControlRegions");
          }
        });
  }

  /** Whether some Allow statement allows {@code action} on the partition {@code leadingKey}. */
  private static boolean allowed(String action, String leadingKey, Map<String, String> tags) {
    for (JsonNode statement : statements) {
      assertThat(statement.path("Effect").asText()).as(sid(statement)).isEqualTo("Allow");
      if (actions(statement).contains(action)
          && conditionsHold(statement, leadingKey, tags, sid(statement))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> actions(JsonNode statement) {
    JsonNode action = statement.path("Action");
    List<String> out = new ArrayList<>();
    if (action.isArray()) {
      action.forEach(a -> out.add(a.asText()));
    } else {
      out.add(action.asText());
    }
    return out;
  }

  private static boolean conditionsHold(
      JsonNode statement, String leadingKey, Map<String, String> tags, String sid) {
    JsonNode condition = statement.path("Condition");
    if (condition.isMissingNode() || condition.isEmpty()) {
      fail(sid + ": an agent statement without a dynamodb:LeadingKeys condition");
    }
    boolean all = true;
    var operators = condition.fields();
    while (operators.hasNext()) {
      var operator = operators.next();
      var keys = operator.getValue().fields();
      while (keys.hasNext()) {
        var key = keys.next();
        if (!key.getKey().equals("dynamodb:LeadingKeys")) {
          fail(sid + ": condition key this test cannot evaluate: " + key.getKey());
        }
        List<String> patterns = new ArrayList<>();
        key.getValue().forEach(v -> patterns.add(v.asText()));
        all &= matches(operator.getKey(), patterns, leadingKey, tags, sid);
      }
    }
    return all;
  }

  /** One leading key (a single-item request) against the operator's values. */
  private static boolean matches(
      String operator,
      List<String> patterns,
      String leadingKey,
      Map<String, String> tags,
      String sid) {
    for (String pattern : patterns) {
      Optional<String> value = substitute(pattern, tags);
      if (value.isEmpty()) {
        continue; // an unresolved policy variable matches nothing
      }
      switch (operator) {
        case "ForAllValues:StringEquals":
          if (value.get().equals(leadingKey)) {
            return true;
          }
          break;
        case "ForAllValues:StringLike":
          if (glob(value.get()).matcher(leadingKey).matches()) {
            return true;
          }
          break;
        default:
          fail(sid + ": condition operator this test cannot evaluate: " + operator);
      }
    }
    return false;
  }

  private static Optional<String> substitute(String pattern, Map<String, String> tags) {
    var m = VARIABLE.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = tags.get(m.group(1));
      if (value == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  private static Pattern glob(String like) {
    StringBuilder regex = new StringBuilder();
    for (char c : like.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static String sid(JsonNode statement) {
    return "AgentPolicy statement " + statement.path("Sid").asText("(no Sid)");
  }
}
