package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.baton.local.BatonTable;
import dev.baton.local.MotoServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs sample test classes in a separate JUnit engine run and checks what MotoExtension promises:
 * every class starts from an empty moto, and moto is stopped when the run ends even though a test
 * failed.
 */
class MotoExtensionLifecycleIT {
  private static final AtomicReference<MotoServer> SEEN = new AtomicReference<>();
  private static volatile boolean sampling;

  static boolean sampling() {
    return sampling;
  }

  @Test
  void eachClassStartsEmptyAndMotoStopsEvenWhenATestFails() {
    Events tests;
    sampling = true;
    try {
      tests =
          EngineTestKit.engine("junit-jupiter")
              .selectors(selectClass(CreatesATableThenFails.class), selectClass(SeesNoTable.class))
              .execute()
              .testEvents();
    } finally {
      sampling = false;
    }

    tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    assertThat(tests.succeeded().list())
        .singleElement()
        .satisfies(e -> assertThat(e.getTestDescriptor().getDisplayName()).contains("noTable"));
    assertThat(SEEN.get()).isNotNull();
    assertThat(SEEN.get().isRunning()).isFalse();
  }

  @ExtendWith(MotoExtension.class)
  @EnabledIf("dev.baton.testkit.MotoExtensionLifecycleIT#sampling")
  static class CreatesATableThenFails {
    @Test
    void createsATable(DynamoDbClient dynamo, MotoServer moto) {
      SEEN.set(moto);
      BatonTable.create(dynamo, "left-behind");
      throw new AssertionError("deliberate failure: moto must still be stopped");
    }
  }

  @ExtendWith(MotoExtension.class)
  @EnabledIf("dev.baton.testkit.MotoExtensionLifecycleIT#sampling")
  static class SeesNoTable {
    @Test
    void noTable(DynamoDbClient dynamo) {
      assertThat(dynamo.listTables().tableNames()).isEmpty();
    }
  }
}
