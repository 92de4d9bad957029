package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.role.Role;
import dev.baton.sim.droplet.SimulatedDroplet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A droplet's path stays cut while any fault holds it: healing one does not end another. */
class PathCutsTest {
  @Test
  void healingAPartitionLeavesADropletsOwnStoreCutInPlace() {
    long seed = 11;
    System.out.println("PathCutsTest seed " + seed);
    Simulation sim =
        Simulation.builder(Topologies.twoRegions())
            .home("us-east-2")
            .instancesPerRegion(2)
            .seed(seed)
            .build();
    sim.runUntil(Duration.ofSeconds(30));
    SimulatedDroplet cut = sim.droplet("nyc1", "nyc1-1");
    SimulatedDroplet other = sim.droplet("nyc1", "nyc1-2");
    sim.partition("nyc1", "us-east-1");
    sim.cutFromStore(cut, true);
    sim.healPartition("nyc1", "us-east-1");
    assertThat(sim.pathCut(cut, "us-east-1")).as("still cut from the store").isTrue();
    assertThat(sim.pathCut(other, "us-east-1")).as("the partition is healed").isFalse();

    sim.runFor(Duration.ofSeconds(30));
    assertThat(cut.role().orElseThrow().role()).isEqualTo(Role.FENCED);
    assertThat(other.role().orElseThrow().role()).isNotEqualTo(Role.FENCED);

    sim.cutFromStore(cut, false);
    assertThat(sim.pathCut(cut, "us-east-1")).isFalse();
    sim.runFor(Duration.ofSeconds(20));
    assertThat(cut.role().orElseThrow().role()).isNotEqualTo(Role.FENCED);
  }
}
