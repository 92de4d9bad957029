package dev.baton.detection;

import dev.baton.domain.Topology;
import java.util.Map;

/** The topology of the detectors: {@code BATON_TOPOLOGY} (JSON) or {@code BATON_TOPOLOGY_FILE}. */
final class DetectorTopology {
  private DetectorTopology() {}

  // WIP: replaced by the domain's TopologyLoader as soon as the domain branch has it.
  static Topology fromEnvironment(Map<String, String> env) {
    throw new IllegalStateException(
        "BATON_TOPOLOGY cannot be read yet: the topology loader (domain branch) is not merged");
  }
}
