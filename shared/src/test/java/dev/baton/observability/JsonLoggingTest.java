package dev.baton.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.port.AuditLog;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Log lines are JSON objects, one per line; decisions carry their reason as a field. */
class JsonLoggingTest extends JsonLogLinesContract {
  @Override
  protected void install(ByteArrayOutputStream out, String service, String level) {
    JsonLogging.install(out, service, Level.INFO);
  }

  @Override
  protected void log(String logger, String level, String message, Throwable thrown) {
    LoggerFactory.getLogger(logger)
        .atLevel(org.slf4j.event.Level.valueOf(level))
        .setCause(thrown)
        .log(message);
  }

  @AfterEach
  void restoreConsoleLogs() {
    JsonLogging.install(System.err, "test", Level.INFO);
  }

  @Test
  void everyDecisionIsOneJsonLineWithItsReasonAndDetailsAsFields() throws Exception {
    DecisionLog.decided(
        new AuditLog.Entry(
            Instant.parse("2026-11-26T12:00:40Z"),
            "region-transition",
            "nyc1",
            "nyc1 SUSPECT -> UNHEALTHY: down for 15s >= failAfter 15s.",
            Map.of("from", "SUSPECT", "to", "UNHEALTHY")));

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("service").asText()).isEqualTo("health-transition");
    assertThat(line.path("logger").asText()).isEqualTo("baton.decision");
    assertThat(line.path("decision").asText()).isEqualTo("region-transition");
    assertThat(line.path("subject").asText()).isEqualTo("nyc1");
    assertThat(line.path("reason").asText()).startsWith("nyc1 SUSPECT -> UNHEALTHY");
    assertThat(line.path("to").asText()).isEqualTo("UNHEALTHY");
    assertThat(line.path("message").asText()).contains("region-transition nyc1");
    assertThat(MDC.get("reason")).as("fields do not leak into later lines").isNull();
  }

  @Test
  void aDecisionNotCarriedOutIsAWarningNamingTheProblem() throws Exception {
    DecisionLog.notCarriedOut(
        new AuditLog.Entry(
            Instant.EPOCH, "failover-requested", "nyc1->ams3", "nyc1 UNHEALTHY", null),
        "no baton in the table yet");

    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("problem").asText()).isEqualTo("no baton in the table yet");
  }
}
