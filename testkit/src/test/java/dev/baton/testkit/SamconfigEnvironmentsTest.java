package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.local.BatonTable;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped samconfig.toml environments deploy as README "Deploying" and "Deploying in three
 * regions" say: every override is a template parameter, and the three mrsc-* stacks are one
 * strongly consistent deployment (one creates the table in the first control region, the other two
 * attach to it in their own region).
 */
class SamconfigEnvironmentsTest {
  private static final JsonNode PARAMETERS = TemplateResources.template().path("Parameters");
  private static final String SAMCONFIG = read();
  private static final Pattern ENVIRONMENT =
      Pattern.compile("(?m)^\\[([\\w-]+)\\.deploy\\.parameters\\]");

  @Test
  void everyOverrideIsATemplateParameterAndEveryEnvironmentChoosesItsShape() {
    Map<String, Map<String, String>> environments = environments();
    assertThat(environments)
        .containsOnlyKeys("default", "prod", "mrsc-us-east-1", "mrsc-us-east-2", "mrsc-us-west-2");
    environments.forEach(
        (name, overrides) -> {
          assertThat(overrides.keySet())
              .as("[%s] overrides", name)
              .allSatisfy(key -> assertThat(PARAMETERS.has(key)).as(key).isTrue())
              .contains("ControlRegions", "ReplicaRegions");
        });
    assertThat(environments.get("default").get("ControlRegions")).isEmpty();
    assertThat(environments.get("prod").get("ControlRegions")).isEmpty();
  }

  @Test
  void theThreeRegionEnvironmentsAreOneTableCreatedInTheFirstRegionAndAttachedInTheOthers() {
    Map<String, Map<String, String>> mrsc = new LinkedHashMap<>(environments());
    mrsc.keySet().removeIf(name -> !name.startsWith("mrsc-"));
    assertThat(mrsc).hasSize(3);
    List<String> controlRegions =
        List.of(mrsc.values().iterator().next().get("ControlRegions").split(","));
    String tableName = mrsc.values().iterator().next().get("ControlTableName");
    assertThat(controlRegions).hasSize(3).doesNotHaveDuplicates();
    assertThat(tableName).isNotEmpty();
    int creates = 0;
    for (Map.Entry<String, Map<String, String>> env : mrsc.entrySet()) {
      String name = env.getKey();
      Map<String, String> o = env.getValue();
      String region = global(name, "region");
      assertThat(name).isEqualTo("mrsc-" + region);
      assertThat(List.of(o.get("ControlRegions").split(","))).as(name).isEqualTo(controlRegions);
      assertThat(o.get("ControlTableName")).as(name).isEqualTo(tableName);
      assertThat(o.get("ReplicaRegions")).as(name).isEmpty();
      assertThat(global(name, "stack_name")).as(name).isEqualTo("baton-mrsc");
      for (String secret : List.of("DoTokenSecretArn", "CloudflareTokenSecretArn")) {
        assertThat(o.get(secret)).as("%s %s", name, secret).contains(":" + region + ":");
      }
      if (o.get("ControlTableMode").equals("create")) {
        creates++;
        assertThat(region).as("the create stack's region").isEqualTo(controlRegions.get(0));
        assertThat(o.get("ControlTableStreamArn")).as(name).isEmpty();
      } else {
        assertThat(o.get("ControlTableMode")).as(name).isEqualTo("attach");
        assertThat(o.get("ControlTableStreamArn"))
            .as("%s reads its own replica's stream", name)
            .contains(":dynamodb:" + region + ":")
            .contains(":table/" + tableName + "/stream/")
            .matches(PARAMETERS.path("ControlTableStreamArn").path("AllowedPattern").asText());
      }
    }
    assertThat(creates).isEqualTo(1);
    assertThat(mrsc.keySet())
        .containsExactlyInAnyOrderElementsOf(
            controlRegions.stream().map(r -> "mrsc-" + r).toList());
  }

  /** Every environment's parameter_overrides, unquoted ({@code ""} reads as empty). */
  private static Map<String, Map<String, String>> environments() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Matcher env = ENVIRONMENT.matcher(SAMCONFIG);
    while (env.find()) {
      String table = table(env.group(1) + ".deploy.parameters");
      int start = table.indexOf("parameter_overrides = [");
      assertThat(start).as("[%s] parameter_overrides", env.group(1)).isNotNegative();
      Map<String, String> overrides = new LinkedHashMap<>();
      Matcher line =
          Pattern.compile("(?m)^\\s*\"(\\w+)=(.*)\",\\s*$").matcher(table.substring(start));
      while (line.find()) {
        overrides.put(line.group(1), line.group(2).replace("\\\"", ""));
      }
      out.put(env.group(1), overrides);
    }
    return out;
  }

  private static String global(String env, String key) {
    Matcher m =
        Pattern.compile("(?m)^" + key + " = \"([^\"]*)\"")
            .matcher(table(env + ".global.parameters"));
    assertThat(m.find()).as("[%s.global.parameters] %s", env, key).isTrue();
    return m.group(1);
  }

  private static String table(String name) {
    int start = SAMCONFIG.indexOf("[" + name + "]");
    assertThat(start).as("samconfig.toml has [%s]", name).isNotNegative();
    int end = SAMCONFIG.indexOf("\n[", start + 1);
    return SAMCONFIG.substring(start, end < 0 ? SAMCONFIG.length() : end);
  }

  private static String read() {
    try {
      return Files.readString(BatonTable.template().resolveSibling("samconfig.toml"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read samconfig.toml", e);
    }
  }
}
