package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.local.BatonTable;
import dev.baton.local.StreamPoller;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The local stream poller stands in for the template's event source mapping: its default batching
 * window must be the template's, or every local test and drill measures a different delay.
 */
class StreamMappingDefaultsTest {
  @Test
  void thePollersDefaultBatchingWindowIsTheTemplates() throws IOException {
    JsonNode mapping =
        new YAMLMapper()
            .readTree(BatonTable.template().toFile())
            .path("Resources")
            .path("HeartbeatStreamMapping")
            .path("Properties");

    assertThat(mapping.path("MaximumBatchingWindowInSeconds").isInt())
        .as("HeartbeatStreamMapping sets MaximumBatchingWindowInSeconds")
        .isTrue();
    assertThat(StreamPoller.TEMPLATE_BATCHING_WINDOW)
        .isEqualTo(Duration.ofSeconds(mapping.path("MaximumBatchingWindowInSeconds").asInt()));
  }
}
