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
 * Points a Cloudflare DNS record at the target region's {@code publicAddress}: looks the zone up by
 * name and the record by name and type, PATCHes it with {@code type}, {@code name}, {@code
 * content}, {@code ttl} and {@code proxied}, verifies by GET. No PATCH when nothing would change.
 *
 * <p>Settings: {@code zone} (e.g. {@code example.com}), {@code recordName} ({@code www}, {@code
 * www.example.com} or {@code @}), {@code type} (A, AAAA or CNAME; default A), {@code proxied}
 * (default false), {@code ttl} (1 = automatic, or 60..86400; default 60, or 1 when proxied).
 */
public final class CloudflareDnsRouter implements DnsRouter {
  public static final String TYPE = "cloudflare-dns";
  static final Set<String> SETTINGS = Set.of("zone", "recordName", "type", "ttl", "proxied");

  /** The router's settings, validated. */
  record Settings(String zone, String recordName, DnsRecordType type, int ttl, boolean proxied) {
    String fqdn() {
      return DnsName.fqdn(zone, recordName);
    }
  }

  /** The zone and record a change applies to. */
  private record Target(String zoneId, ObjectNode record) {
    String recordId() {
      return record.path("id").asText();
    }
  }

  private final CloudflareApi api;
  private final Settings settings;

  public CloudflareDnsRouter(CloudflareApi api, Settings settings) {
    this.api = Objects.requireNonNull(api, "api");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  static Built from(RouterConfig config, String prefix, CloudflareApi api) {
    RouterSettings s = new RouterSettings(config, prefix);
    s.rejectUnknown(SETTINGS);
    String zone = s.required("zone");
    String recordName = s.required("recordName");
    String type = s.oneOf("type", "A", DnsRecordType.NAMES);
    boolean proxied = s.bool("proxied", false);
    int ttl = s.integer("ttl", proxied ? 1 : 60, 1, 86400);
    if (ttl != 1 && ttl < 60) {
      s.problem("ttl", "must be 1 (automatic) or between 60 and 86400, was " + ttl);
    }
    List<ConfigProblem> problems = s.problems();
    return problems.isEmpty() && api != null
        ? Built.router(
            new CloudflareDnsRouter(
                api, new Settings(zone, recordName, DnsRecordType.valueOf(type), ttl, proxied)))
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
    plan.add(
        new PlannedRequest(
            name(),
            "GET",
            api.url("/zones?name=" + ProviderJson.encode(settings.zone())).toString(),
            ""));
    Target target = find();
    plan.add(
        new PlannedRequest(
            name(),
            "GET",
            api.url(
                    CloudflareApi.recordsPath(target.zoneId())
                        + "?name="
                        + ProviderJson.encode(settings.fqdn())
                        + "&type="
                        + settings.type())
                .toString(),
            ""));
    if (!pointsAt(target.record(), address)) {
      plan.add(
          new PlannedRequest(
              name(),
              "PATCH",
              api.url(CloudflareApi.recordPath(target.zoneId(), target.recordId())).toString(),
              patch(address).toString()));
    }
    return plan;
  }

  @Override
  public String shift(RegionConfig to) {
    String address = address(to);
    Target target = find();
    if (pointsAt(target.record(), address)) {
      return describe() + " already points at " + address + " (" + to.name() + ")";
    }
    String before = target.record().path("content").asText();
    ObjectNode updated = api.patchDnsRecord(target.zoneId(), target.recordId(), patch(address));
    if (!settings.type().sameContent(address, updated.path("content").asText())) {
      throw new ProviderException(
          CloudflareApi.PROVIDER,
          "update DNS record "
              + target.recordId()
              + " answered with content '"
              + updated.path("content").asText()
              + "' instead of "
              + address,
          true);
    }
    return describe() + " now points at " + address + " (" + to.name() + "), was " + before;
  }

  @Override
  public String verify(RegionConfig to) {
    String address = address(to);
    Target target = find();
    ObjectNode record = api.dnsRecord(target.zoneId(), target.recordId());
    String content = record.path("content").asText();
    if (!settings.type().sameContent(address, content)
        || record.path("proxied").asBoolean(false) != settings.proxied()) {
      throw new ProviderException(
          CloudflareApi.PROVIDER,
          describe()
              + " points at "
              + content
              + " (proxied "
              + record.path("proxied").asBoolean(false)
              + "), not at "
              + address
              + " (proxied "
              + settings.proxied()
              + ") for "
              + to.name(),
          true);
    }
    return describe() + " points at " + address + " (" + to.name() + ")";
  }

  @Override
  public List<Problem> readiness(List<RegionConfig> regions) {
    List<Problem> problems = new ArrayList<>();
    try {
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

  private Target find() {
    List<ObjectNode> zones = new ArrayList<>();
    for (ObjectNode zone : api.zonesNamed(settings.zone())) {
      if (DnsName.strip(zone.path("name").asText()).equals(DnsName.strip(settings.zone()))) {
        zones.add(zone);
      }
    }
    if (zones.size() != 1 || !zones.get(0).path("id").isTextual()) {
      throw new ProviderException(
          CloudflareApi.PROVIDER,
          zones.isEmpty()
              ? "no zone named "
                  + settings.zone()
                  + " is visible to the API token (check the zone name and the token's zone"
                  + " permissions)"
              : zones.size()
                  + " zones named "
                  + settings.zone()
                  + ": expected exactly one with an id",
          false);
    }
    String zoneId = zones.get(0).get("id").asText();
    List<ObjectNode> records = new ArrayList<>();
    for (ObjectNode record : api.dnsRecords(zoneId, settings.fqdn(), settings.type().name())) {
      if (record.path("type").asText().equals(settings.type().name())
          && DnsName.strip(record.path("name").asText()).equals(settings.fqdn())) {
        records.add(record);
      }
    }
    if (records.size() != 1 || !records.get(0).path("id").isTextual()) {
      throw new ProviderException(
          CloudflareApi.PROVIDER,
          records.isEmpty()
              ? "zone "
                  + settings.zone()
                  + " has no "
                  + settings.type()
                  + " record named "
                  + settings.fqdn()
                  + ": create it once, Baton only repoints it"
              : "zone "
                  + settings.zone()
                  + " has "
                  + records.size()
                  + " "
                  + settings.type()
                  + " records named "
                  + settings.fqdn()
                  + ": Baton repoints exactly one",
          false);
    }
    return new Target(zoneId, records.get(0));
  }

  private boolean pointsAt(ObjectNode record, String address) {
    return settings.type().sameContent(address, record.path("content").asText())
        && record.path("proxied").asBoolean(false) == settings.proxied()
        && record.path("ttl").asInt(-1) == settings.ttl();
  }

  /** Type, name and content are sent even though unchanged: the PATCH schema's oneOf needs them. */
  private ObjectNode patch(String address) {
    ObjectNode patch = ProviderJson.MAPPER.createObjectNode();
    patch.put("type", settings.type().name());
    patch.put("name", settings.fqdn());
    patch.put("content", address);
    patch.put("ttl", settings.ttl());
    patch.put("proxied", settings.proxied());
    return patch;
  }

  private String address(RegionConfig to) {
    String problem = settings.type().problem(to.publicAddress());
    if (problem != null) {
      throw new ProviderException(
          CloudflareApi.PROVIDER, name() + ": region " + to.name() + " " + problem, false);
    }
    return to.publicAddress();
  }

  private String describe() {
    return "Cloudflare " + settings.type() + " record " + settings.fqdn();
  }

  @Override
  public String toString() {
    return name();
  }
}
