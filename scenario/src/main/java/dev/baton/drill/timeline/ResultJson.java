package dev.baton.drill.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.Timings;
import dev.baton.drill.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code result.json}: the drill's result for machines. Times are milliseconds from the drill's
 * start ({@code atMs}); every event carries its {@code type} and the fields of its record.
 */
public final class ResultJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  /** The document for {@code result}. */
  public static ObjectNode toTree(DrillResult result) {
    ObjectNode root = JSON.createObjectNode();
    Scenario s = result.scenario();
    root.put("scenario", s.name());
    root.put("description", s.description());
    root.put("passed", result.passed());
    root.put("startedAt", result.startedAt().toString());
    root.put("ranMs", result.ran().toMillis());
    root.put("scale", s.scale());
    ObjectNode timings = root.putObject("timingsMs");
    Timings t = s.timings();
    timings.put("heartbeatInterval", t.heartbeatInterval().toMillis());
    timings.put("staleAfter", t.staleAfter().toMillis());
    timings.put("failAfter", t.failAfter().toMillis());
    timings.put("recoverAfter", t.recoverAfter().toMillis());
    timings.put("startupGrace", t.startupGrace().toMillis());
    timings.put("sweepInterval", s.sweepInterval().toMillis());
    timings.put("fenceAfter", s.fenceAfter().toMillis());
    ArrayNode regions = root.putArray("regions");
    s.regions()
        .forEach(
            r ->
                regions
                    .addObject()
                    .put("name", r.name())
                    .put("priority", r.priority())
                    .put("instances", r.instances()));
    ObjectNode m = root.putObject("measurements");
    Measurements measured = result.measurements();
    putMillis(m, "detectionMs", measured.detection().orElse(null));
    putMillis(m, "failoverMs", measured.failover().orElse(null));
    m.put("fault", measured.fault());
    putMillis(m, "faultAtMs", measured.faultAt());
    putMillis(m, "requestedAtMs", measured.requestedAt());
    putMillis(m, "routedAtMs", measured.routedAt());
    m.put("promotionId", measured.promotionId());
    RoleMeasurements roles = result.roles();
    m.put("dualActiveMs", roles.dualActive().toMillis());
    m.put("maxDualActiveMs", roles.maxDualActive().toMillis());
    m.put("noActiveMs", roles.noActive().toMillis());
    m.put("trafficMismatchMs", roles.trafficMismatch().toMillis());
    ArrayNode expectations = root.putArray("expectations");
    for (ExpectationResult e : result.expectations()) {
      ObjectNode node =
          expectations
              .addObject()
              .put("expect", e.text())
              .put("window", e.window())
              .put("passed", e.passed())
              .put("detail", e.detail());
      putMillis(node, "metAtMs", e.metAt());
    }
    ArrayNode errors = root.putArray("errors");
    result.errors().forEach(errors::add);
    ArrayNode events = root.putArray("events");
    for (DrillEvent event : result.events()) {
      ObjectNode node = JSON.valueToTree(EventFields.of(event));
      ObjectNode ordered = events.addObject();
      ordered.put("atMs", event.at().toMillis());
      ordered.put("type", event.category());
      ordered.put("summary", event.summary());
      node.fields().forEachRemaining(f -> ordered.set(f.getKey(), f.getValue()));
    }
    return root;
  }

  /** Writes {@code result} to {@code file}, creating its directory. */
  public static void write(DrillResult result, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), toTree(result));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void putMillis(ObjectNode node, String field, Duration d) {
    if (d == null) {
      node.putNull(field);
    } else {
      node.put(field, d.toMillis());
    }
  }
}
