package dev.baton.routing;

import dev.baton.domain.ConfigProblem;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Points a Route 53 record at the target region's {@code publicAddress}: UPSERTs the record set,
 * then polls GetChange until the change is INSYNC (on every Route 53 name server), waiting at most
 * {@code syncTimeoutSeconds} through the injected {@link Sleeper} and {@link Clock}. No change when
 * the record already points there. {@code Throttling}, {@code PriorRequestNotComplete}, 5xx and
 * transport failures are retryable {@link ProviderException}s; the SDK's own retries are switched
 * off per request so that the saga sees (and paces) every attempt.
 *
 * <p>Settings: {@code hostedZoneId}, {@code recordName} (fully qualified), {@code type} (A, AAAA or
 * CNAME; default A), {@code ttl} (1..86400; default 60), {@code syncTimeoutSeconds} (default 60),
 * {@code pollIntervalSeconds} (default 2).
 */
public final class Route53Router implements DnsRouter {
  public static final String TYPE = "route53";
  static final String PROVIDER = "route53";
  static final Set<String> SETTINGS =
      Set.of(
          "hostedZoneId", "recordName", "type", "ttl", "syncTimeoutSeconds", "pollIntervalSeconds");

  private static final Logger LOG = LoggerFactory.getLogger(Route53Router.class);

  /** One attempt per call: retrying is the saga's job, with backoff inside the time budget. */
  private static final AwsRequestOverrideConfiguration ONE_ATTEMPT =
      AwsRequestOverrideConfiguration.builder()
          .addPlugin(
              config ->
                  config.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())))
          .build();

  /** The router's settings, validated. */
  record Settings(
      String hostedZoneId,
      String recordName,
      DnsRecordType type,
      int ttl,
      Duration syncTimeout,
      Duration pollInterval) {
    String fqdn() {
      return DnsName.strip(recordName);
    }
  }

  private final Supplier<Route53Client> client;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;

  /** A change this router made that was not yet seen INSYNC (a retried shift waits for it). */
  private final AtomicReference<PendingChange> pending = new AtomicReference<>();

  private record PendingChange(String id, String address) {}

  public Route53Router(
      Supplier<Route53Client> client, Settings settings, Clock clock, Sleeper sleeper) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  static Built from(
      RouterConfig config,
      String prefix,
      Supplier<Route53Client> client,
      Clock clock,
      Sleeper sleeper) {
    RouterSettings s = new RouterSettings(config, prefix);
    s.rejectUnknown(SETTINGS);
    String zone = s.required("hostedZoneId");
    String name = s.required("recordName");
    if (name != null && !DnsName.strip(name).contains(".")) {
      s.problem("recordName", "must be fully qualified (e.g. app.example.com), was '" + name + "'");
    }
    String type = s.oneOf("type", "A", DnsRecordType.NAMES);
    int ttl = s.integer("ttl", 60, 1, 86400);
    int timeout = s.integer("syncTimeoutSeconds", 60, 1, 900);
    int interval = s.integer("pollIntervalSeconds", 2, 1, 60);
    List<ConfigProblem> problems = s.problems();
    if (!problems.isEmpty() || client == null) {
      return Built.problems(problems);
    }
    String zoneId = zone.startsWith("/hostedzone/") ? zone.substring(12) : zone;
    return Built.router(
        new Route53Router(
            client,
            new Settings(
                zoneId,
                name,
                DnsRecordType.valueOf(type),
                ttl,
                Duration.ofSeconds(timeout),
                Duration.ofSeconds(interval)),
            clock,
            sleeper));
  }

  @Override
  public DnsRecordType recordType() {
    return settings.type();
  }

  @Override
  public String name() {
    return TYPE + ":" + settings.fqdn() + "/" + settings.type();
  }

  /** The API's call timeout of the SDK client (AwsClients): one UPSERT or one GetChange. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A shift waits for INSYNC up to {@code syncTimeoutSeconds} (60 s by default): the UPSERT, the
   * wait, one more poll interval and the last GetChange.
   */
  @Override
  public Duration longestAttempt() {
    return CALL_TIMEOUT
        .plus(settings.syncTimeout())
        .plus(settings.pollInterval())
        .plus(CALL_TIMEOUT);
  }

  @Override
  public List<PlannedRequest> plan(RegionConfig to) {
    String address = address(to);
    String base = "https://route53.amazonaws.com/2013-04-01/hostedzone/" + settings.hostedZoneId();
    List<PlannedRequest> plan = new ArrayList<>();
    plan.add(
        new PlannedRequest(
            name(),
            "GET",
            base + "/rrset?name=" + settings.fqdn() + "&type=" + settings.type() + "&maxitems=1",
            ""));
    if (!current().map(values -> pointsAt(values, address)).orElse(false)) {
      com.fasterxml.jackson.databind.node.ObjectNode batch = ProviderJson.MAPPER.createObjectNode();
      com.fasterxml.jackson.databind.node.ObjectNode change =
          batch
              .putObject("ChangeBatch")
              .put("Comment", comment(to))
              .putArray("Changes")
              .addObject();
      change.put("Action", "UPSERT");
      com.fasterxml.jackson.databind.node.ObjectNode set = change.putObject("ResourceRecordSet");
      set.put("Name", settings.fqdn());
      set.put("Type", settings.type().name());
      set.put("TTL", settings.ttl());
      set.putArray("ResourceRecords").addObject().put("Value", address);
      String body = batch.toString();
      plan.add(new PlannedRequest(name(), "POST", base + "/rrset", body));
      plan.add(
          new PlannedRequest(
              name(), "GET", "https://route53.amazonaws.com/2013-04-01/change/{changeId}", ""));
    }
    return plan;
  }

  @Override
  public String shift(RegionConfig to) {
    String address = address(to);
    Optional<List<String>> before = current();
    if (before.map(values -> pointsAt(values, address)).orElse(false)) {
      PendingChange mine = pending.get();
      if (mine != null && mine.address().equals(address)) {
        waitInSync(mine.id(), clock.instant().plus(settings.syncTimeout()));
        return describe()
            + " points at "
            + address
            + " ("
            + to.name()
            + "), change "
            + mine.id()
            + " INSYNC";
      }
      return describe() + " already points at " + address + " (" + to.name() + ")";
    }
    ChangeInfo change = upsert(to, address);
    pending.set(new PendingChange(change.id(), address));
    Instant deadline = clock.instant().plus(settings.syncTimeout());
    if (change.status() != ChangeStatus.INSYNC) {
      waitInSync(change.id(), deadline);
    } else {
      pending.set(null);
    }
    return describe()
        + " now points at "
        + address
        + " ("
        + to.name()
        + "), was "
        + before.map(Object::toString).orElse("absent")
        + "; change "
        + change.id()
        + " INSYNC";
  }

  @Override
  public String verify(RegionConfig to) {
    String address = address(to);
    Optional<List<String>> values = current();
    if (values.map(v -> pointsAt(v, address)).orElse(false)) {
      return describe() + " points at " + address + " (" + to.name() + ")";
    }
    throw new ProviderException(
        PROVIDER,
        describe()
            + " points at "
            + values.map(Object::toString).orElse("nothing (no such record)")
            + ", not at "
            + address
            + " ("
            + to.name()
            + ")",
        true);
  }

  @Override
  public List<Problem> readiness(List<RegionConfig> regions) {
    List<Problem> problems = new ArrayList<>();
    try {
      call(
          "get hosted zone " + settings.hostedZoneId(),
          () ->
              client
                  .get()
                  .getHostedZone(
                      r -> r.id(settings.hostedZoneId()).overrideConfiguration(ONE_ATTEMPT)));
      if (current().isEmpty()) {
        problems.add(
            new Problem(
                name(),
                TrafficReadiness.ALL_REGIONS,
                "hosted zone "
                    + settings.hostedZoneId()
                    + " has no "
                    + settings.type()
                    + " record "
                    + settings.fqdn()
                    + " (a promotion would create it; check recordName)"));
      }
    } catch (ProviderException e) {
      problems.add(new Problem(name(), TrafficReadiness.ALL_REGIONS, e.getMessage()));
    }
    for (RegionConfig region : regions) {
      String problem = settings.type().problem(region.publicAddress());
      if (problem != null) {
        problems.add(new Problem(name(), region.name(), "region " + region.name() + " " + problem));
      }
    }
    return problems;
  }

  /** The record's values, or empty when the record does not exist. */
  private Optional<List<String>> current() {
    String fqdn = settings.fqdn();
    var response =
        call(
            "read record " + fqdn,
            () ->
                client
                    .get()
                    .listResourceRecordSets(
                        r ->
                            r.hostedZoneId(settings.hostedZoneId())
                                .startRecordName(fqdn)
                                .startRecordType(RRType.fromValue(settings.type().name()))
                                .maxItems("1")
                                .overrideConfiguration(ONE_ATTEMPT)));
    return response.resourceRecordSets().stream()
        .filter(set -> DnsName.strip(set.name()).equals(fqdn))
        .filter(set -> settings.type().name().equals(set.typeAsString()))
        .findFirst()
        .map(set -> set.resourceRecords().stream().map(ResourceRecord::value).toList());
  }

  private boolean pointsAt(List<String> values, String address) {
    return values.size() == 1 && settings.type().sameContent(values.get(0), address);
  }

  private ChangeInfo upsert(RegionConfig to, String address) {
    ResourceRecordSet set =
        ResourceRecordSet.builder()
            .name(settings.fqdn())
            .type(settings.type().name())
            .ttl((long) settings.ttl())
            .resourceRecords(ResourceRecord.builder().value(address).build())
            .build();
    ChangeInfo change =
        call(
                "UPSERT record " + settings.fqdn(),
                () ->
                    client
                        .get()
                        .changeResourceRecordSets(
                            r ->
                                r.hostedZoneId(settings.hostedZoneId())
                                    .changeBatch(
                                        b ->
                                            b.comment(comment(to))
                                                .changes(
                                                    Change.builder()
                                                        .action(ChangeAction.UPSERT)
                                                        .resourceRecordSet(set)
                                                        .build()))
                                    .overrideConfiguration(ONE_ATTEMPT)))
            .changeInfo();
    LOG.info(
        "route53 UPSERT {} {} -> {}: change {} {}",
        settings.fqdn(),
        settings.type(),
        address,
        change.id(),
        change.statusAsString());
    return change;
  }

  private void waitInSync(String changeId, Instant deadline) {
    while (true) {
      ChangeInfo info =
          call(
                  "get change " + changeId,
                  () ->
                      client
                          .get()
                          .getChange(r -> r.id(changeId).overrideConfiguration(ONE_ATTEMPT)))
              .changeInfo();
      if (info.status() == ChangeStatus.INSYNC) {
        pending.set(null);
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new ProviderException(
            PROVIDER,
            "change "
                + changeId
                + " to "
                + settings.fqdn()
                + " is still "
                + info.statusAsString()
                + " after "
                + settings.syncTimeout().toSeconds()
                + " s",
            true);
      }
      Duration left = Duration.between(now, deadline);
      try {
        sleeper.sleep(left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(
            PROVIDER, "waiting for change " + changeId + " was interrupted", false, null, e);
      }
    }
  }

  private <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (PriorRequestNotCompleteException e) {
      throw new ProviderException(
          PROVIDER,
          operation
              + " failed: PriorRequestNotComplete (Route 53 is still applying an earlier change to"
              + " this record set): "
              + e.awsErrorDetails().errorMessage(),
          true,
          null,
          e);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      boolean retryable =
          e.isThrottlingException()
              || "Throttling".equals(code)
              || "PriorRequestNotComplete".equals(code)
              || e.statusCode() >= 500;
      String detail =
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      throw new ProviderException(
          PROVIDER,
          operation
              + " failed: HTTP "
              + e.statusCode()
              + " "
              + code
              + ": "
              + detail
              + (e.requestId() == null ? "" : " (request id " + e.requestId() + ")"),
          retryable,
          null,
          e);
    } catch (SdkClientException e) {
      throw new ProviderException(
          PROVIDER, operation + " failed: " + e.getMessage(), true, null, e);
    } catch (SdkException e) {
      throw new ProviderException(
          PROVIDER, operation + " failed: " + e.getMessage(), e.retryable(), null, e);
    }
  }

  private String address(RegionConfig to) {
    String problem = settings.type().problem(to.publicAddress());
    if (problem != null) {
      throw new ProviderException(
          PROVIDER, name() + ": region " + to.name() + " " + problem, false);
    }
    return to.publicAddress();
  }

  private static String comment(RegionConfig to) {
    return "Baton: traffic to " + to.name();
  }

  private String describe() {
    return "Route 53 " + settings.type() + " record " + settings.fqdn();
  }

  @Override
  public String toString() {
    return name();
  }
}
