package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.local.BatonTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Baton's fencing relies on DynamoDB applying conditional writes to one item atomically: of several
 * concurrent claims on the same epoch, exactly one wins. moto_server alone does not guarantee that
 * (it serves requests on parallel threads without locks); MotoServer makes it so.
 */
@ExtendWith(MotoExtension.class)
class ConditionalWritesIT {
  private static final int CLAIMS = 8;

  @RepeatedTest(5)
  void ofConcurrentConditionalClaimsOnOneItemExactlyOneWins(DynamoDbClient dynamo)
      throws Exception {
    String table = "fencing-" + System.nanoTime();
    BatonTable.create(dynamo, table);
    dynamo.putItem(b -> b.tableName(table).item(baton("nyc1", 1)));
    CyclicBarrier start = new CyclicBarrier(CLAIMS);
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMS);
    try {
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < CLAIMS; i++) {
        String to = "region" + i;
        claims.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return claim(dynamo, table, to);
                }));
      }
      int won = 0;
      for (Future<Boolean> claim : claims) {
        won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(won).isEqualTo(1);
      assertThat(
              dynamo
                  .getItem(b -> b.tableName(table).key(key()).consistentRead(true))
                  .item()
                  .get("epoch")
                  .n())
          .isEqualTo("2");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Moves the baton from epoch 1 to 2, on the condition that it is still at epoch 1 in nyc1: the
   * shape of the promotion function's claim (several attributes, the new item returned).
   */
  private static boolean claim(DynamoDbClient dynamo, String table, String to) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(key())
                  .updateExpression(
                      "SET activeRegion = :to, epoch = :next, since = :now, reason = :reason,"
                          + " promotionId = :id, autoPromotions = list_append(autoPromotions, :at)")
                  .conditionExpression("epoch = :expected AND activeRegion = :from")
                  .expressionAttributeValues(
                      Map.of(
                          ":to", AttributeValue.fromS(to),
                          ":from", AttributeValue.fromS("nyc1"),
                          ":next", AttributeValue.fromN("2"),
                          ":expected", AttributeValue.fromN("1"),
                          ":now", AttributeValue.fromS("2026-11-26T12:00:00Z"),
                          ":reason", AttributeValue.fromS("race for " + to),
                          ":id", AttributeValue.fromS("p-" + to),
                          ":at",
                              AttributeValue.fromL(
                                  List.of(AttributeValue.fromS("2026-11-26T12:00:00Z")))))
                  .returnValues(ReturnValue.ALL_NEW));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  private static Map<String, AttributeValue> key() {
    return Map.of("pk", AttributeValue.fromS("BATON"), "sk", AttributeValue.fromS("ACTIVE"));
  }

  private static Map<String, AttributeValue> baton(String region, int epoch) {
    return Map.of(
        "pk", AttributeValue.fromS("BATON"),
        "sk", AttributeValue.fromS("ACTIVE"),
        "activeRegion", AttributeValue.fromS(region),
        "epoch", AttributeValue.fromN(Integer.toString(epoch)),
        "autoPromotions", AttributeValue.fromL(List.of()));
  }
}
