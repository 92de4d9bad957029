package dev.baton.routing;

import java.util.Locale;

/**
 * Record names relative to a zone: {@code www} and {@code www.example.com} name the same record.
 */
final class DnsName {
  private DnsName() {}

  /** The fully qualified name (no trailing dot, lower case); {@code @} is the apex. */
  static String fqdn(String zone, String recordName) {
    String z = strip(zone);
    String name = strip(recordName);
    if (name.equals("@") || name.equals(z)) {
      return z;
    }
    return name.endsWith("." + z) ? name : name + "." + z;
  }

  /** The name relative to the zone as DigitalOcean stores it ({@code @} for the apex). */
  static String relative(String zone, String fqdn) {
    String z = strip(zone);
    String name = strip(fqdn);
    if (name.equals(z)) {
      return "@";
    }
    return name.endsWith("." + z) ? name.substring(0, name.length() - z.length() - 1) : name;
  }

  static String strip(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
