package dev.baton.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The stream poller behaves like Lambda's event source mapping, on moto's real stream. */
class StreamPollerIT {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static MotoServer moto;
  private static DynamoDbClient dynamo;
  private static DynamoDbStreamsClient streams;

  private final String table = "poller-" + TABLES.incrementAndGet();
  private final String streamArn;
  private final List<StreamPoller.Delivery> deliveries =
      Collections.synchronizedList(new ArrayList<>());
  private final List<DynamodbStreamRecord> handled =
      Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    dynamo =
        DynamoDbClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(moto.endpoint())
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    streams =
        DynamoDbStreamsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(moto.endpoint())
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stopMoto() {
    dynamo.close();
    streams.close();
    moto.stop();
  }

  StreamPollerIT() {
    streamArn =
        dynamo
            .createTable(
                b ->
                    b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                            a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                        .keySchema(
                            k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("sk").keyType(KeyType.RANGE))
                        .streamSpecification(
                            s ->
                                s.streamEnabled(true)
                                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
            .tableDescription()
            .latestStreamArn();
  }

  private void put(String pk, String sk, int seq) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS(pk),
                        "sk", AttributeValue.fromS(sk),
                        "seq", AttributeValue.fromN(Integer.toString(seq)))));
  }

  private StreamPoller.Builder poller(Function<DynamodbEvent, StreamsEventResponse> handler) {
    return StreamPoller.builder(
            streams,
            streamArn,
            event -> {
              handled.addAll(event.getRecords());
              return handler.apply(event);
            })
        .pollInterval(Duration.ofMillis(50))
        .batchingWindow(Duration.ZERO)
        .retryDelay(Duration.ofMillis(10))
        .startingPosition(StreamPoller.StartingPosition.TRIM_HORIZON)
        .onDelivery(deliveries::add);
  }

  private static StreamsEventResponse ok() {
    return new StreamsEventResponse(List.of());
  }

  private List<String> seqs() {
    return handled.stream().map(r -> r.getDynamodb().getNewImage().get("seq").getN()).toList();
  }

  @Test
  void recordsArriveInOrderInBatchesOfTheConfiguredSizeShapedAsLambdaDeliversThem()
      throws Exception {
    for (int i = 1; i <= 7; i++) {
      put("HB#nyc1", "i-1", i);
    }

    try (StreamPoller poller = poller(e -> ok()).batchSize(3).start()) {
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(deliveries).extracting(d -> d.sequenceNumbers().size()).containsExactly(3, 3, 1);
    assertThat(seqs()).containsExactly("1", "2", "3", "4", "5", "6", "7");
    DynamodbStreamRecord insert = handled.get(0);
    DynamodbStreamRecord modify = handled.get(1);
    assertThat(insert.getEventName()).isEqualTo("INSERT");
    assertThat(insert.getEventSource()).isEqualTo("aws:dynamodb");
    assertThat(insert.getEventSourceARN()).isEqualTo(streamArn);
    assertThat(insert.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(insert.getDynamodb().getKeys()).containsOnlyKeys("pk", "sk");
    assertThat(insert.getDynamodb().getOldImage()).isNull();
    assertThat(modify.getEventName()).isEqualTo("MODIFY");
    assertThat(modify.getDynamodb().getOldImage().get("seq").getN()).isEqualTo("1");
    Instant created = insert.getDynamodb().getApproximateCreationDateTime().toInstant();
    assertThat(created.getNano()).as("whole seconds, as Lambda delivers them").isZero();
    assertThat(created).isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  @Test
  void aReportedFailureRedeliversFromTheFirstFailedRecordOnly() throws Exception {
    for (int i = 1; i <= 4; i++) {
      put("HB#nyc1", "i-1", i);
    }
    AtomicInteger calls = new AtomicInteger();
    Function<DynamodbEvent, StreamsEventResponse> failSecondOnce =
        e -> {
          if (calls.incrementAndGet() == 1) {
            String second = e.getRecords().get(1).getDynamodb().getSequenceNumber();
            String fourth = e.getRecords().get(3).getDynamodb().getSequenceNumber();
            return new StreamsEventResponse(
                List.of(
                    new StreamsEventResponse.BatchItemFailure(fourth),
                    new StreamsEventResponse.BatchItemFailure(second)));
          }
          return ok();
        };

    try (StreamPoller poller = poller(failSecondOnce).batchSize(10).start()) {
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(seqs()).containsExactly("1", "2", "3", "4", "2", "3", "4");
    assertThat(deliveries).extracting(StreamPoller.Delivery::attempt).containsExactly(1, 2);
  }

  @Test
  void aHandlerErrorRetriesTheWholeBatchThenHandsItToTheFailureDestination() throws Exception {
    put("HB#nyc1", "i-1", 1);
    put("HB#nyc1", "i-1", 2);
    List<DynamodbStreamRecord> givenUp = Collections.synchronizedList(new ArrayList<>());
    Function<DynamodbEvent, StreamsEventResponse> broken =
        e -> {
          throw new IllegalStateException("boom");
        };

    try (StreamPoller poller =
        poller(broken).maxRetryAttempts(2).onGiveUp(givenUp::addAll).start()) {
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(deliveries).extracting(StreamPoller.Delivery::attempt).containsExactly(1, 2, 3);
    assertThat(deliveries).allSatisfy(d -> assertThat(d.handlerError()).contains("boom"));
    assertThat(givenUp).hasSize(2);
  }

  @Test
  void anUnknownFailureIdentifierFailsTheWholeBatch() throws Exception {
    put("HB#nyc1", "i-1", 1);
    put("HB#nyc1", "i-1", 2);
    AtomicInteger calls = new AtomicInteger();

    try (StreamPoller poller =
        poller(
                e ->
                    calls.incrementAndGet() == 1
                        ? new StreamsEventResponse(
                            List.of(new StreamsEventResponse.BatchItemFailure("nope")))
                        : ok())
            .start()) {
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(seqs()).containsExactly("1", "2", "1", "2");
  }

  @Test
  void theHeartbeatFilterDropsEveryOtherItemAsTheTemplatesFilterDoes() throws Exception {
    put("REGION#nyc1", "STATE", 1);
    put("HB#nyc1", "i-1", 2);
    put("AUDIT#2026-11-26", "x", 3);

    try (StreamPoller poller = poller(e -> ok()).heartbeatsOnly().start()) {
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(seqs()).containsExactly("2");
  }

  @Test
  void fromLatestOnlyRecordsWrittenAfterTheStartAreDelivered() throws Exception {
    put("HB#nyc1", "i-1", 1);

    try (StreamPoller poller =
        poller(e -> ok()).startingPosition(StreamPoller.StartingPosition.LATEST).start()) {
      put("HB#nyc1", "i-1", 2);
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(seqs()).containsExactly("2");
  }

  @Test
  void theBatchingWindowGathersRecordsWrittenCloseTogether() throws Exception {
    try (StreamPoller poller =
        poller(e -> ok())
            .startingPosition(StreamPoller.StartingPosition.LATEST)
            .batchingWindow(Duration.ofMillis(600))
            .start()) {
      put("HB#nyc1", "i-1", 1);
      Thread.sleep(150);
      put("HB#ams3", "i-2", 2);
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(deliveries)
        .singleElement()
        .satisfies(d -> assertThat(d.sequenceNumbers()).hasSize(2));
  }

  @Test
  void rewrittenReadsAreDeliveredAsIfTheStreamHadThem() throws Exception {
    put("HB#nyc1", "i-1", 1);
    put("HB#nyc1", "i-1", 2);

    try (StreamPoller poller =
        poller(e -> ok())
            .rewriteReads(
                page -> {
                  List<DynamodbStreamRecord> reversed = new ArrayList<>(page);
                  Collections.reverse(reversed);
                  reversed.addAll(page);
                  return reversed;
                })
            .start()) {
      assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(seqs()).containsExactly("2", "1", "1", "2");
  }

  @Test
  void aPausedPollerMakesNoCallsAndOnResumeDeliversWhatTheStreamKept() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ExecutionInterceptor counting =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.incrementAndGet();
          }
        };
    try (DynamoDbStreamsClient counted =
        DynamoDbStreamsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(moto.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(counting))
            .build()) {
      put("HB#nyc1", "i-1", 1);
      try (StreamPoller poller =
          StreamPoller.builder(
                  counted,
                  streamArn,
                  event -> {
                    handled.addAll(event.getRecords());
                    return ok();
                  })
              .pollInterval(Duration.ofMillis(50))
              .batchingWindow(Duration.ZERO)
              .startingPosition(StreamPoller.StartingPosition.TRIM_HORIZON)
              .start()) {
        assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();

        poller.pause();
        int callsAtPause = calls.get();
        put("HB#nyc1", "i-1", 2);
        put("HB#nyc1", "i-1", 3);

        // Twenty poll intervals: a running poller would have read and delivered both.
        assertThat(poller.awaitDrained(Duration.ofSeconds(1))).isFalse();
        assertThat(poller.isPaused()).isTrue();
        assertThat(calls.get()).isEqualTo(callsAtPause);
        assertThat(seqs()).containsExactly("1");

        poller.resume();
        assertThat(poller.awaitDrained(Duration.ofSeconds(10))).isTrue();
      }
    }

    assertThat(seqs()).containsExactly("1", "2", "3");
  }
}
