package dev.baton.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.RegionConfig;
import dev.baton.domain.RouterConfig;
import dev.baton.port.ProviderException;
import dev.baton.port.ReadinessCheck.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Points a DigitalOcean domain record at the target region's {@code publicAddress}: finds the
 * record by name and type (every page of the domain's records), PATCHes its {@code data} and {@code
 * ttl}, verifies by GET. No PATCH when the record already points there.
 *
 * <p>Settings: {@code domain}, {@code recordName} ({@code www}, {@code www.example.com} or
 * {@code @}), {@code type} (A, AAAA or CNAME; default A), {@code ttl} (seconds, 30..86400; default
 * 60).
 */
public final class DigitalOceanDnsRouter implements DnsRouter {
  public static final String TYPE = "do-dns";
  static final Set<String> SETTINGS = Set.of("domain", "recordName", "type", "ttl");

  /** The router's settings, validated. */
  record Settings(String domain, String recordName, DnsRecordType type, int ttl) {
    String fqdn() {
      return DnsName.fqdn(domain, recordName);
    }

    String relativeName() {
      return DnsName.relative(domain, fqdn());
    }
  }

  private final DigitalOceanApi api;
  private final Settings settings;

  public DigitalOceanDnsRouter(DigitalOceanApi api, Settings settings) {
    this.api = Objects.requireNonNull(api, "api");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  static Built from(RouterConfig config, String prefix, DigitalOceanApi api) {
    RouterSettings s = new RouterSettings(config, prefix);
    s.rejectUnknown(SETTINGS);
    String domain = s.required("domain");
    String recordName = s.required("recordName");
    String type = s.oneOf("type", "A", DnsRecordType.NAMES);
    int ttl = s.integer("ttl", 60, 30, 86400);
    List<ConfigProblem> problems = s.problems();
    return problems.isEmpty() && api != null
        ? Built.router(
            new DigitalOceanDnsRouter(
                api, new Settings(domain, recordName, DnsRecordType.valueOf(type), ttl)))
        : Built.problems(problems);
  }

  @Override
  public DnsRecordType recordType() {
    return settings.type();
  }

  @Override
  public String name() {
    return TYPE + ":" + settings.fqdn() + "/" + settings.type();
  }

  @Override
  public List<PlannedRequest> plan(RegionConfig to) {
    String address = address(to);
    List<PlannedRequest> plan = new ArrayList<>();
    plan.add(new PlannedRequest(name(), "GET", listUrl(), ""));
    ObjectNode record = find();
    if (!pointsAt(record, address)) {
      plan.add(
          new PlannedRequest(
              name(),
              "PATCH",
              api.url(DigitalOceanApi.recordsPath(settings.domain()) + "/" + id(record)).toString(),
              patch(address).toString()));
    }
    return plan;
  }

  @Override
  public String shift(RegionConfig to) {
    String address = address(to);
    ObjectNode record = find();
    if (pointsAt(record, address)) {
      return describe() + " already points at " + address + " (" + to.name() + ")";
    }
    String before = record.path("data").asText();
    ObjectNode updated = api.updateDomainRecord(settings.domain(), id(record), patch(address));
    if (!settings.type().sameContent(address, updated.path("data").asText())) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          "update record "
              + id(record)
              + " of domain "
              + settings.domain()
              + " answered with data '"
              + updated.path("data").asText()
              + "' instead of "
              + address,
          true);
    }
    return describe() + " now points at " + address + " (" + to.name() + "), was " + before;
  }

  @Override
  public String verify(RegionConfig to) {
    String address = address(to);
    ObjectNode record = api.domainRecord(settings.domain(), id(find()));
    String data = record.path("data").asText();
    if (!settings.type().sameContent(address, data)) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          describe() + " points at " + data + ", not at " + address + " (" + to.name() + ")",
          true);
    }
    return describe() + " points at " + address + " (" + to.name() + ")";
  }

  @Override
  public List<Problem> readiness(List<RegionConfig> regions) {
    List<Problem> problems = new ArrayList<>();
    try {
      api.domain(settings.domain());
      find();
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

  /** The one record with the configured name and type. */
  private ObjectNode find() {
    List<ObjectNode> matches = new ArrayList<>();
    for (ObjectNode record :
        api.domainRecords(settings.domain(), settings.fqdn(), settings.type().name())) {
      if (record.path("type").asText().equals(settings.type().name())
          && record.path("name").asText().equalsIgnoreCase(settings.relativeName())) {
        matches.add(record);
      }
    }
    if (matches.size() != 1) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          matches.isEmpty()
              ? "domain "
                  + settings.domain()
                  + " has no "
                  + settings.type()
                  + " record named "
                  + settings.fqdn()
                  + ": create it once, Baton only repoints it"
              : "domain "
                  + settings.domain()
                  + " has "
                  + matches.size()
                  + " "
                  + settings.type()
                  + " records named "
                  + settings.fqdn()
                  + ": Baton repoints exactly one",
          false);
    }
    ObjectNode record = matches.get(0);
    if (!record.path("id").canConvertToLong()) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER,
          "list records of domain " + settings.domain() + " answered a record without a numeric id",
          false);
    }
    return record;
  }

  private boolean pointsAt(ObjectNode record, String address) {
    return settings.type().sameContent(address, record.path("data").asText())
        && record.path("ttl").asInt(-1) == settings.ttl();
  }

  private ObjectNode patch(String address) {
    ObjectNode patch = ProviderJson.MAPPER.createObjectNode();
    patch.put("type", settings.type().name());
    // DigitalOcean reads a CNAME target without the final dot as relative to the domain.
    patch.put(
        "data",
        settings.type() == DnsRecordType.CNAME && !address.endsWith(".") ? address + "." : address);
    patch.put("ttl", settings.ttl());
    return patch;
  }

  private static long id(ObjectNode record) {
    return record.get("id").asLong();
  }

  private String address(RegionConfig to) {
    String problem = settings.type().problem(to.publicAddress());
    if (problem != null) {
      throw new ProviderException(
          DigitalOceanApi.PROVIDER, name() + ": region " + to.name() + " " + problem, false);
    }
    return to.publicAddress();
  }

  private String listUrl() {
    return api.url(
            DigitalOceanApi.recordsPath(settings.domain())
                + "?per_page="
                + DigitalOceanApi.PER_PAGE
                + "&name="
                + ProviderJson.encode(settings.fqdn())
                + "&type="
                + settings.type())
        .toString();
  }

  private String describe() {
    return "DigitalOcean " + settings.type() + " record " + settings.fqdn();
  }

  @Override
  public String toString() {
    return name();
  }
}
