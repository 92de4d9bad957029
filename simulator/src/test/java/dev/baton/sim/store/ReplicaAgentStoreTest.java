package dev.baton.sim.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.store.AgentStore;
import dev.baton.domain.Baton;
import dev.baton.store.BatonItems;
import dev.baton.time.VirtualClock;
import dev.baton.time.VirtualScheduler;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The simulated agent's baton read carries the outside targets, as DynamoAgentStore's does. */
class ReplicaAgentStoreTest {
  private static final String HOME = "us-east-2";
  private final VirtualClock clock = VirtualClock.atEpochOfTests();
  private final ReplicatedTable table =
      new ReplicatedTable(List.of(HOME), new VirtualScheduler(clock), new SplittableRandom(1));
  private final ReplicaAgentStore store =
      new ReplicaAgentStore(new TablePath(table, "do:nyc1", HOME));

  private AgentStore.BatonRead.Found readWith(String targets) {
    Map<String, AttributeValue> item =
        new HashMap<>(BatonItems.toItem(Baton.initial("nyc1", clock.instant())));
    item.put(BatonItems.OUTSIDE_TARGETS, AttributeValue.fromS(targets));
    table.put("aws:" + HOME, HOME, item);
    AgentStore.BatonRead read = store.readBaton();
    assertThat(read).isInstanceOf(AgentStore.BatonRead.Found.class);
    return (AgentStore.BatonRead.Found) read;
  }

  @Test
  void readsThePublishedTargets() {
    AgentStore.BatonRead.Found found =
        readWith(
            BatonItems.outsideTargetsText(
                Map.of("nyc1", "https://nyc1.example/health", "ams3", "https://ams3.example/h")));

    assertThat(found.outsideTargets().targets())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "nyc1", URI.create("https://nyc1.example/health"),
                "ams3", URI.create("https://ams3.example/h")));
  }

  @Test
  void aMalformedAttributeIsAProblemAndTheBatonIsStillRead() {
    AgentStore.BatonRead.Found found = readWith("ams3\n");

    assertThat(found.baton()).isPresent();
    assertThat(found.outsideTargets().targets()).isEmpty();
    assertThat(found.outsideTargets().problem()).startsWith(BatonItems.OUTSIDE_TARGETS + ": ");
  }
}
