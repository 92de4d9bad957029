package dev.baton.routing;

import static dev.baton.routing.Fixture.AMS3;
import static dev.baton.routing.Fixture.NYC1;
import static dev.baton.routing.Fixture.failure;
import static dev.baton.routing.ScriptedRoute53.Operation.CHANGE_RECORDS;
import static dev.baton.routing.ScriptedRoute53.Operation.GET_CHANGE;
import static dev.baton.routing.ScriptedRoute53.Operation.GET_HOSTED_ZONE;
import static dev.baton.routing.ScriptedRoute53.Operation.LIST_RECORDS;
import static dev.baton.routing.ScriptedRoute53.changeStatus;
import static dev.baton.routing.ScriptedRoute53.error;
import static dev.baton.routing.ScriptedRoute53.record;
import static dev.baton.routing.ScriptedRoute53.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.aws.AwsClients;
import dev.baton.aws.AwsSettings;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck.Problem;
import dev.baton.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The Route 53 router against a scripted endpoint: PENDING, throttling, PriorRequestNotComplete.
 */
@ExtendWith(NoTokenLeaks.class)
class Route53RouterTest {
  private static final String ZONE = "Z0123456789ABCDEFGHIJ";
  private static final String NAME = "app.example.com";

  private ScriptedRoute53 route53;
  private Route53Client client;
  private VirtualClock clock;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private Route53Router router;

  @BeforeAll
  static void dummyCredentials() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
  }

  @BeforeEach
  void start() throws Exception {
    route53 = new ScriptedRoute53();
    client = new AwsClients(AwsSettings.emulator("us-east-1", route53.endpoint())).route53();
    clock = new VirtualClock(Instant.parse("2026-11-26T12:00:00Z"));
    router =
        new Route53Router(
            () -> client,
            new Route53Router.Settings(
                ZONE, NAME, DnsRecordType.A, 60, Duration.ofSeconds(60), Duration.ofSeconds(2)),
            clock,
            d -> {
              sleeps.add(d);
              clock.sleep(d);
            });
  }

  @AfterEach
  void stop() {
    client.close();
    route53.close();
  }

  @Test
  void anAttemptMayLastTheUpsertTheSyncWaitAPollAndTheLastGetChange() {
    // 10 s + 60 s + 2 s + 10 s: the saga keeps this much back before it starts one.
    assertThat(router.longestAttempt()).isEqualTo(Duration.ofSeconds(82));
  }

  @Test
  void shiftUpsertsThenPollsUntilInSync() {
    route53
        .on(LIST_RECORDS, record(NAME, "A", NYC1.publicAddress()))
        .on(CHANGE_RECORDS, submitted("C1", "PENDING"))
        .on(
            GET_CHANGE,
            changeStatus("C1", "PENDING"),
            changeStatus("C1", "PENDING"),
            changeStatus("C1", "INSYNC"));

    String said = router.shift(AMS3);

    assertThat(said)
        .contains("now points at 198.51.100.20 (ams3), was [203.0.113.10]")
        .contains("INSYNC");
    assertThat(route53.count(GET_CHANGE)).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    String upsert =
        route53.received().stream()
            .filter(r -> r.operation() == CHANGE_RECORDS)
            .findFirst()
            .orElseThrow()
            .body();
    assertThat(upsert)
        .contains("<Action>UPSERT</Action>")
        .contains("<Name>app.example.com</Name>")
        .contains("<Type>A</Type>")
        .contains("<TTL>60</TTL>")
        .contains("<Value>198.51.100.20</Value>");
  }

  @Test
  void aChangeStillPendingAtTheDeadlineIsRetryableAndTheRetryWaitsForTheSameChange() {
    route53
        .on(
            LIST_RECORDS,
            record(NAME, "A", NYC1.publicAddress()),
            record(NAME, "A", AMS3.publicAddress()))
        .on(CHANGE_RECORDS, submitted("C2", "PENDING"))
        .on(
            GET_CHANGE,
            Collections.nCopies(31, changeStatus("C2", "PENDING"))
                .toArray(ScriptedRoute53.Answer[]::new))
        .on(GET_CHANGE, changeStatus("C2", "INSYNC"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("change C2 to app.example.com is still PENDING after 60 s");
    assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(Duration.ofSeconds(60));

    String retried = router.shift(AMS3);

    assertThat(retried).contains("INSYNC");
    assertThat(route53.count(CHANGE_RECORDS)).as("no second UPSERT").isEqualTo(1);
  }

  @Test
  void throttlingIsRetryableTheSdkDoesNotRetryBehindTheSagasBackAndARetrySucceeds() {
    route53
        .on(LIST_RECORDS, record(NAME, "A", NYC1.publicAddress()))
        .on(CHANGE_RECORDS, error(400, "Throttling", "Rate exceeded"), submitted("C4", "INSYNC"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("UPSERT record app.example.com failed: HTTP 400 Throttling: Rate exceeded");
    assertThat(route53.count(CHANGE_RECORDS)).as("one attempt per call").isEqualTo(1);
    assertThat(router.shift(AMS3))
        .contains("now points at 198.51.100.20")
        .contains("change C4 INSYNC");
  }

  @Test
  void priorRequestNotCompleteIsRetryableAndARetrySucceeds() {
    route53
        .on(LIST_RECORDS, record(NAME, "A", NYC1.publicAddress()))
        .on(
            CHANGE_RECORDS,
            error(
                400,
                "PriorRequestNotComplete",
                "The request was rejected because Route 53 was still processing a prior request."),
            submitted("C5", "PENDING"))
        .on(GET_CHANGE, changeStatus("C5", "INSYNC"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("PriorRequestNotComplete");
    assertThat(route53.count(CHANGE_RECORDS)).isEqualTo(1);
    assertThat(router.shift(AMS3)).contains("change C5 INSYNC");
  }

  @Test
  void throttlingWhilePollingIsRetryableToo() {
    route53
        .on(
            LIST_RECORDS,
            record(NAME, "A", NYC1.publicAddress()),
            record(NAME, "A", AMS3.publicAddress()))
        .on(CHANGE_RECORDS, submitted("C3", "PENDING"))
        .on(GET_CHANGE, error(400, "Throttling", "Rate exceeded"), changeStatus("C3", "INSYNC"));

    assertThat(failure(() -> router.shift(AMS3)).retryable()).isTrue();
    assertThat(router.shift(AMS3)).contains("change C3 INSYNC");
    assertThat(route53.count(CHANGE_RECORDS)).isEqualTo(1);
  }

  @Test
  void aServerErrorIsRetryable() {
    route53.on(LIST_RECORDS, error(500, "InternalFailure", "oops"));

    ProviderException e = failure(() -> router.verify(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("read record app.example.com failed: HTTP 500 InternalFailure: oops");
  }

  @Test
  void anInvalidChangeIsNotRetryable() {
    route53
        .on(LIST_RECORDS, record(NAME, "A", NYC1.publicAddress()))
        .on(CHANGE_RECORDS, error(400, "InvalidChangeBatch", "RRSet of type CNAME conflicts"));

    ProviderException e = failure(() -> router.shift(AMS3));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("InvalidChangeBatch: RRSet of type CNAME conflicts");
  }

  @Test
  void aRecordAlreadyPointingAtTheTargetSendsNoChange() {
    route53.on(LIST_RECORDS, record(NAME, "A", AMS3.publicAddress()));

    assertThat(router.shift(AMS3)).contains("already points at 198.51.100.20");
    assertThat(route53.count(CHANGE_RECORDS)).isZero();
    assertThat(router.verify(AMS3)).contains("points at 198.51.100.20");
  }

  @Test
  void verifyFailsWhileTheRecordPointsElsewhere() {
    route53.on(LIST_RECORDS, record(NAME, "A", NYC1.publicAddress()));

    ProviderException e = failure(() -> router.verify(AMS3));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("points at [203.0.113.10], not at 198.51.100.20");
  }

  @Test
  void readinessReportsAMissingZoneForAllRegions() {
    route53.on(
        GET_HOSTED_ZONE, error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + ZONE));

    assertThat(router.readiness(Fixture.REGIONS))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.region()).isEqualTo(TrafficReadiness.ALL_REGIONS);
              assertThat(p.detail()).contains("NoSuchHostedZone");
            });
  }

  @Test
  void readinessReportsAMissingRecordAndRegionsWithoutAddress() {
    route53
        .on(GET_HOSTED_ZONE, ScriptedRoute53.hostedZone(ZONE, "example.com"))
        .on(LIST_RECORDS, record("other.example.com", "A", "192.0.2.1"));
    var noAddress = new dev.baton.domain.RegionConfig("sfo3", 2, "us-west-2", null, null, null);

    assertThat(router.readiness(java.util.List.of(NYC1, AMS3, noAddress)))
        .extracting(Problem::region)
        .containsExactly(TrafficReadiness.ALL_REGIONS, "sfo3");
  }
}
