package dev.baton.local.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteConflictsTest {
  private static final long MS = 1_000_000L;
  private final WriteConflicts writes = new WriteConflicts(Duration.ofMillis(20));

  @Test
  void aWriteFromAnotherRegionWhileOneIsInFlightConflictsNamingThatRegion() {
    assertThat(writes.begin("BATON|ACTIVE", "us-east-1", 0)).isNull();

    assertThat(writes.begin("BATON|ACTIVE", "us-east-2", 5 * MS)).isEqualTo("us-east-1");
  }

  @Test
  void aWriteWithinTheWindowAfterAnotherRegionsConflictsAndOneAfterItDoesNot() {
    writes.begin("BATON|ACTIVE", "us-east-1", 0);
    writes.end("BATON|ACTIVE", "us-east-1", 10 * MS);

    assertThat(writes.begin("BATON|ACTIVE", "us-east-2", 29 * MS)).isEqualTo("us-east-1");
    assertThat(writes.begin("BATON|ACTIVE", "us-east-2", 30 * MS)).isNull();
    assertThat(writes.begin("BATON|ACTIVE", "us-east-1", 31 * MS)).isEqualTo("us-east-2");
  }

  @Test
  void writesThroughOneRegionAndWritesToOtherItemsNeverConflict() {
    writes.begin("BATON|ACTIVE", "us-east-1", 0);

    assertThat(writes.begin("BATON|ACTIVE", "us-east-1", 1 * MS)).isNull();
    assertThat(writes.begin("HB#nyc1|nyc1-1", "us-east-2", 1 * MS)).isNull();
  }

  @Test
  void endingAWriteThatIsNotInFlightIsABug() {
    assertThatThrownBy(() -> writes.end("BATON|ACTIVE", "us-east-1", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BATON|ACTIVE")
        .hasMessageContaining("us-east-1");
  }
}
