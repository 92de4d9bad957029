package dev.baton.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every JSON log backend of Baton's must write, whichever the process uses (java.util.logging
 * in the CLI and the drill, Powertools' log4j2 in the functions): one JSON object per line, an
 * exception as an {@code error} object, DEBUG dropped at INFO and libraries only from WARN.
 */
abstract class JsonLogLinesContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  protected final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Sends the backend's lines for {@code service} at {@code level} to {@code out}. */
  protected abstract void install(ByteArrayOutputStream out, String service, String level);

  /** Logs through the backend's own API; {@code level} is DEBUG, INFO, WARN or ERROR. */
  protected abstract void log(String logger, String level, String message, Throwable thrown);

  @BeforeEach
  void captureLogs() {
    install(out, "health-transition", "INFO");
  }

  @Test
  void anExceptionBecomesAnErrorObjectAndQuotesAreEscaped() throws Exception {
    log("dev.baton.test", "ERROR", "he said \"no\"\nand left", new IllegalStateException("boom"));

    JsonNode line = lines().get(0);
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("service").asText()).isEqualTo("health-transition");
    assertThat(line.path("message").asText()).isEqualTo("he said \"no\"\nand left");
    assertThat(line.path("error").path("name").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(line.path("error").path("message").asText()).isEqualTo("boom");
    assertThat(line.path("error").path("stack").asText()).contains("JsonLogLinesContract");
  }

  @Test
  void debugLinesAreDroppedAtInfoAndLibrariesOnlyWarn() throws Exception {
    log("dev.baton.test", "DEBUG", "not shown", null);
    log("software.amazon.awssdk.request", "INFO", "not shown either", null);
    log("software.amazon.awssdk.request", "WARN", "shown", null);

    assertThat(lines()).extracting(l -> l.path("message").asText()).containsExactly("shown");
  }

  protected List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\\R")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }
}
