package dev.baton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.domain.RegionHealth;
import dev.baton.sim.aws.StreamEventSourceMapping;
import dev.baton.sim.store.StreamEntry;
import dev.baton.store.TableKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole system while the home stream's shards split every half minute or so. */
class ShardSplitSimulationTest {
  private static final long SEED = 77L;

  @Test
  void theStreamFunctionSeesEveryBeatAcrossSplitsAndNoRegionIsJudgedDown() {
    System.out.println("ShardSplitSimulationTest seed " + SEED);
    Simulation sim =
        Simulation.builder(Topologies.threeRegions())
            .home("us-east-2")
            .instancesPerRegion(3)
            .seed(SEED)
            .stream(
                StreamEventSourceMapping.Settings.TEMPLATE.withShardSplits(Duration.ofSeconds(30)))
            .build();
    int before = sim.table().stream("us-east-2").size();

    sim.runUntil(Duration.ofMinutes(5));

    StreamEventSourceMapping mapping = sim.streamMapping();
    assertThat(mapping.shardSplits()).as("splits in 5 min").isGreaterThanOrEqualTo(6);
    List<StreamEntry> written = sim.table().stream("us-east-2");
    long beats =
        written.subList(before, written.size()).stream()
            .filter(e -> e.key().pk().startsWith(TableKeys.HEARTBEAT_PREFIX))
            .count();
    assertThat(beats).as("beats on the stream").isGreaterThan(9 * 5 * 60 / 5 - 9);
    // Every record written since the mapping started was delivered once, but the last second's.
    assertThat(mapping.recordsDelivered() + mapping.backlog()).isEqualTo(written.size() - before);
    assertThat(mapping.backlog()).isLessThan(written.size() / 50);
    assertThat(mapping.batchesGivenUp()).isZero();
    assertThat(sim.regionStates().values())
        .allSatisfy(s -> assertThat(s.health()).isEqualTo(RegionHealth.HEALTHY));
    assertThat(sim.promotions()).isEmpty();
    assertThat(sim.activeRegions()).containsExactly("nyc1");
    assertThat(sim.failures()).isEmpty();
  }
}
