package dev.baton.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The functions' log lines (Powertools logging, log4j2 backend) carry the same fields as {@link
 * JsonLogFormatter}'s. Shared's own tests log through java.util.logging, so these drive log4j's API
 * directly; SLF4J's MDC is log4j's ThreadContext in the functions (log4j-slf4j2-impl).
 */
class PowertoolsJsonLoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void captureLogs() {
    PowertoolsJsonLogging.install(out, "health-transition", "INFO");
  }

  @AfterEach
  void clear() {
    ThreadContext.clearMap();
  }

  @Test
  void aLineHasTheFieldNamesOfTheJulFormatterAndTheMdcFieldsAsFieldsOfTheirOwn() throws Exception {
    ThreadContext.put("decision", "region-transition");
    ThreadContext.put("reason", "nyc1 SUSPECT -> UNHEALTHY");
    LogManager.getLogger(DecisionLog.LOGGER).info("region-transition nyc1: down");

    JsonNode line = lines().get(0);
    assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("service").asText()).isEqualTo("health-transition");
    assertThat(line.path("logger").asText()).isEqualTo("baton.decision");
    assertThat(line.path("message").asText()).isEqualTo("region-transition nyc1: down");
    assertThat(line.path("decision").asText()).isEqualTo("region-transition");
    assertThat(line.path("reason").asText()).isEqualTo("nyc1 SUSPECT -> UNHEALTHY");
  }

  @Test
  void anExceptionBecomesTheSameErrorObject() throws Exception {
    LogManager.getLogger("dev.baton.test")
        .error("he said \"no\"\nand left", new IllegalStateException("boom"));

    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("message").asText()).isEqualTo("he said \"no\"\nand left");
    assertThat(line.path("error").path("name").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(line.path("error").path("message").asText()).isEqualTo("boom");
    assertThat(line.path("error").path("stack").asText()).contains("PowertoolsJsonLoggingTest");
  }

  @Test
  void debugLinesAreDroppedAtInfoAndLibrariesOnlyWarn() throws Exception {
    LogManager.getLogger("dev.baton.test").debug("not shown");
    LogManager.getLogger("software.amazon.awssdk.request").info("not shown either");
    LogManager.getLogger("software.amazon.awssdk.request").warn("shown");

    assertThat(lines()).extracting(l -> l.path("message").asText()).containsExactly("shown");
  }

  @Test
  void theLevelComesFromPowertoolsLogLevelNames() throws Exception {
    PowertoolsJsonLogging.install(out, "stale-sweeper", "DEBUG");
    LogManager.getLogger("dev.baton.test").debug("shown at DEBUG");

    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("DEBUG");
    assertThat(line.path("service").asText()).isEqualTo("stale-sweeper");
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\\R")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
