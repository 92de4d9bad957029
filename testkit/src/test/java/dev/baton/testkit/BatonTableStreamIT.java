package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.local.BatonTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The wiring every integration test relies on: template table on moto, SDK v2, its stream. */
@ExtendWith(MotoExtension.class)
class BatonTableStreamIT {

  @Test
  void writesAreReadBackFromTheStreamWithOldAndNewImages(
      DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
    BatonTable table = BatonTable.create(dynamo);
    Map<String, AttributeValue> first = heartbeat("1");
    Map<String, AttributeValue> second = heartbeat("2");

    dynamo.putItem(b -> b.tableName(table.name()).item(first));
    dynamo.putItem(b -> b.tableName(table.name()).item(second));

    List<Record> records = readStream(streams, table.streamArn());
    assertThat(records)
        .extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.MODIFY);
    assertThat(records.get(0).dynamodb().newImage()).isEqualTo(first);
    assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(first);
    assertThat(records.get(1).dynamodb().newImage()).isEqualTo(second);
    assertThat(records.get(1).dynamodb().keys())
        .containsOnlyKeys("pk", "sk")
        .containsEntry("pk", AttributeValue.fromS("HB#nyc1"));
  }

  @Test
  void theTableIsTheStronglyConsistentVariantWithoutTtl(DynamoDbClient dynamo) {
    // TTL is on only in single-region deployments (MRSC has none): tests create the variant
    // without it, so no test can depend on TTL deleting what the sweeper must delete.
    BatonTable table = BatonTable.create(dynamo, "baton-ttl");

    var ttl = dynamo.describeTimeToLive(b -> b.tableName(table.name())).timeToLiveDescription();

    assertThat(table.createdFrom().ttlCondition()).isEqualTo("SingleRegion");
    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
  }

  private static Map<String, AttributeValue> heartbeat(String seq) {
    return Map.of(
        "pk", AttributeValue.fromS("HB#nyc1"),
        "sk", AttributeValue.fromS("i-0001"),
        "status", AttributeValue.fromS("HEALTHY"),
        "seq", AttributeValue.fromN(seq),
        "expiresAt", AttributeValue.fromN("1900000000"));
  }

  private static List<Record> readStream(DynamoDbStreamsClient streams, String streamArn) {
    List<Record> records = new ArrayList<>();
    var shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
    for (var shard : shards) {
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(streamArn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      records.addAll(streams.getRecords(b -> b.shardIterator(iterator)).records());
    }
    return records;
  }
}
