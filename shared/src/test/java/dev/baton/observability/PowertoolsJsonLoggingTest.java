package dev.baton.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The functions' log lines (Powertools logging, log4j2 backend) carry the same fields as {@link
 * JsonLogFormatter}'s. Shared's own tests log through java.util.logging, so these drive log4j's API
 * directly; SLF4J's MDC is log4j's ThreadContext in the functions (log4j-slf4j2-impl).
 */
class PowertoolsJsonLoggingTest extends JsonLogLinesContract {
  @Override
  protected void install(ByteArrayOutputStream out, String service, String level) {
    PowertoolsJsonLogging.install(out, service, level);
  }

  @Override
  protected void log(String logger, String level, String message, Throwable thrown) {
    LogManager.getLogger(logger)
        .log(org.apache.logging.log4j.Level.valueOf(level), message, thrown);
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
  void theLevelComesFromPowertoolsLogLevelNames() throws Exception {
    PowertoolsJsonLogging.install(out, "stale-sweeper", "DEBUG");
    LogManager.getLogger("dev.baton.test").debug("shown at DEBUG");

    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("DEBUG");
    assertThat(line.path("service").asText()).isEqualTo("stale-sweeper");
  }
}
