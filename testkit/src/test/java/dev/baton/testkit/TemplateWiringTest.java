package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.local.BatonTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The template keeps the contracts the code relies on: handler classes, environment variables, the
 * stream mapping's filter and failure handling, and a Makefile target for each function. cfn-lint
 * checks the template is valid; this checks it is Baton's.
 */
class TemplateWiringTest {
  private static final Path TEMPLATE = BatonTable.template();
  private static final JsonNode RESOURCES = read(TEMPLATE).path("Resources");

  @Test
  void eachFunctionRunsItsContractHandlerOnJava21WithSnapStart() {
    assertThat(property("HealthTransitionFunction", "Handler"))
        .isEqualTo("dev.baton.functions.HealthTransitionHandler::handleRequest");
    assertThat(property("StaleHeartbeatFunction", "Handler"))
        .isEqualTo("dev.baton.functions.StaleHeartbeatHandler::handleRequest");
    assertThat(property("PromotionFunction", "Handler"))
        .isEqualTo("dev.baton.functions.PromotionHandler::handleRequest");
    JsonNode globals = read(TEMPLATE).path("Globals").path("Function");
    assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
    assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(globals.path("AutoPublishAlias").asText()).isEqualTo("live");
    assertThat(functions())
        .allSatisfy(
            id ->
                assertThat(
                        RESOURCES
                            .path(id)
                            .path("Properties")
                            .path("AutoPublishAliasAllProperties")
                            .asBoolean())
                    .as("%s publishes a version when its environment changes", id)
                    .isTrue());
  }

  @Test
  void theEnvironmentMatchesTheContract() {
    JsonNode common = read(TEMPLATE).path("Globals").path("Function").path("Environment");
    assertThat(names(common.path("Variables")))
        .contains("BATON_TOPOLOGY_FILE", "POWERTOOLS_METRICS_NAMESPACE")
        .doesNotContain("BATON_TABLE", "BATON_TOPIC_ARN");
    assertThat(common.path("Variables").path("POWERTOOLS_METRICS_NAMESPACE").asText())
        .isEqualTo("Baton");
    for (String function :
        List.of("HealthTransitionFunction", "StaleHeartbeatFunction", "PromotionFunction")) {
      assertThat(environment(function)).contains("BATON_TABLE", "BATON_TOPIC_ARN");
    }
    assertThat(environment("HealthTransitionFunction"))
        .contains("BATON_PROMOTION_FUNCTION", "POWERTOOLS_SERVICE_NAME");
    assertThat(environment("StaleHeartbeatFunction"))
        .contains("BATON_PROMOTION_FUNCTION", "POWERTOOLS_SERVICE_NAME");
    assertThat(environment("PromotionFunction"))
        .contains("BATON_DO_TOKEN_SECRET", "BATON_CF_TOKEN_SECRET", "POWERTOOLS_SERVICE_NAME")
        .doesNotContain("BATON_PROMOTION_FUNCTION");
  }

  @Test
  void onlyHeartbeatsTriggerTheStreamFunctionWhichReportsItemFailures() {
    JsonNode mapping = RESOURCES.path("HeartbeatStreamMapping").path("Properties");

    assertThat(mapping.path("FilterCriteria").path("Filters").get(0).path("Pattern").asText())
        .contains("\"pk\"")
        .contains("{\"prefix\": \"HB#\"}");
    assertThat(mapping.path("FunctionResponseTypes").get(0).asText())
        .isEqualTo("ReportBatchItemFailures");
    assertThat(mapping.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
    assertThat(mapping.path("MaximumRetryAttempts").asInt()).isBetween(0, 10);
    assertThat(
            mapping.path("DestinationConfig").path("OnFailure").path("Destination").isMissingNode())
        .isFalse();
  }

  @Test
  void samBuildHasAMakefileTargetForEveryFunction() throws IOException {
    String makefile = Files.readString(TEMPLATE.resolveSibling("Makefile"));

    assertThat(functions())
        .hasSize(4)
        .allSatisfy(
            id -> {
              assertThat(RESOURCES.path(id).path("Metadata").path("BuildMethod").asText())
                  .isEqualTo("makefile");
              assertThat(makefile).contains("\nbuild-" + id + ":");
              assertThat(TEMPLATE.resolveSibling(property(id, "CodeUri")).resolve("pom.xml"))
                  .isRegularFile();
            });
  }

  private static List<String> functions() {
    return TemplateResources.ofType(RESOURCES, "AWS::Serverless::Function");
  }

  private static String property(String resource, String name) {
    return RESOURCES.path(resource).path("Properties").path(name).asText();
  }

  private static List<String> environment(String function) {
    return names(RESOURCES.path(function).path("Properties").path("Environment").path("Variables"));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode read(Path template) {
    try {
      return new YAMLMapper().readTree(template.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + template, e);
    }
  }
}
