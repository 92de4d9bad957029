package dev.baton.drill.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
  @Test
  void measurementsCarryTheRoleAndTrafficTimesInMilliseconds() {
    JsonNode m = ResultJson.toTree(SyntheticDrill.resultWithDualActive()).get("measurements");
    assertThat(m.get("dualActiveMs").asLong()).isEqualTo(400);
    assertThat(m.get("maxDualActiveMs").asLong()).isEqualTo(400);
    assertThat(m.get("noActiveMs").asLong()).isEqualTo(50);
    assertThat(m.get("trafficMismatchMs").asLong()).isEqualTo(1_270);
  }

  @Test
  void theRoleAndTrafficTimesAreZeroNotMissingWhenNothingWasSampled() {
    JsonNode m =
        ResultJson.toTree(SyntheticDrill.result(SyntheticDrill.regionOutage())).get("measurements");
    for (String field : new String[] {"dualActiveMs", "maxDualActiveMs", "noActiveMs"}) {
      assertThat(m.get(field).isIntegralNumber()).as(field).isTrue();
      assertThat(m.get(field).asLong()).as(field).isZero();
    }
    assertThat(m.get("trafficMismatchMs").asLong()).isZero();
  }

  @Test
  void sampledEventsAreWrittenWithTheirType() {
    JsonNode events = ResultJson.toTree(SyntheticDrill.result()).get("events");
    JsonNode role = null;
    for (JsonNode e : events) {
      if (e.get("type").asText().equals("role") && e.get("from").isNull()) {
        role = e;
        break;
      }
    }
    assertThat(role).isNotNull();
    assertThat(role.get("atMs").asLong()).isEqualTo(50);
    assertThat(role.get("instanceId").asText()).isEqualTo("nyc1-1");
    assertThat(role.get("to").asText()).isEqualTo("active");
  }
}
