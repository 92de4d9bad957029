package dev.baton.drill.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.domain.FailoverPolicy;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.domain.Timings;
import dev.baton.domain.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes a drill's topology as the document an operator deploys (README "Configuration"), so that
 * the functions read it as on AWS ({@code BATON_TOPOLOGY_FILE}) and {@code baton --endpoint
 * --topology} can be pointed at a running drill.
 */
final class DrillTopologyFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DrillTopologyFile() {}

  static Path write(Topology topology, Path file) {
    ObjectNode root = YAML.createObjectNode();
    root.put("app", topology.app());
    ArrayNode regions = root.putArray("regions");
    for (RegionConfig r : topology.regions()) {
      ObjectNode region =
          regions
              .addObject()
              .put("name", r.name())
              .put("priority", r.priority())
              .put("awsRegion", r.awsRegion());
      if (r.loadBalancerId() != null) {
        region.put("loadBalancerId", r.loadBalancerId());
      }
      if (r.publicAddress() != null) {
        region.put("publicAddress", r.publicAddress());
      }
      if (r.healthUrl() != null) {
        region.put("healthUrl", r.healthUrl());
      }
    }
    ArrayNode routers = root.putArray("routers");
    for (RouterConfig r : topology.routers()) {
      ObjectNode router = routers.addObject().put("type", r.type());
      ObjectNode settings = router.putObject("settings");
      r.settings().entrySet().stream()
          .sorted(java.util.Map.Entry.comparingByKey())
          .forEach(e -> settings.put(e.getKey(), e.getValue()));
    }
    Timings t = topology.timings();
    root.putObject("timings")
        .put("heartbeatInterval", text(t.heartbeatInterval()))
        .put("staleAfter", text(t.staleAfter()))
        .put("failAfter", text(t.failAfter()))
        .put("recoverAfter", text(t.recoverAfter()))
        .put("startupGrace", text(t.startupGrace()))
        .put("membershipWindow", text(t.membershipWindow()))
        .put("maxClockSkew", text(t.maxClockSkew()));
    FailoverPolicy p = topology.policy();
    ObjectNode policy =
        root.putObject("policy")
            .put("minAutoPromotionGap", text(p.minAutoPromotionGap()))
            .put("maxAutoPromotions", p.maxAutoPromotions())
            .put("flapWindow", text(p.flapWindow()));
    if (p.quorum() != null) {
      policy.put("quorum", p.quorum());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      YAML.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the drill's topology to " + file, e);
    }
    return file.toAbsolutePath();
  }

  private static String text(Duration d) {
    return d.toMillis() + "ms";
  }
}
