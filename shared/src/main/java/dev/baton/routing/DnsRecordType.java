package dev.baton.routing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The DNS record types a DNS router can point at a region, with what each may contain. */
enum DnsRecordType {
  A("an IPv4 address such as 203.0.113.10"),
  AAAA("an IPv6 address such as 2001:db8::10"),
  CNAME("a host name such as nyc1.example.com");

  static final Set<String> NAMES =
      Arrays.stream(values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern HOST =
      Pattern.compile(
          "([a-zA-Z0-9_]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]\\.?");

  private final String expected;

  DnsRecordType(String expected) {
    this.expected = expected;
  }

  /** Why {@code address} cannot be this record's content, or null when it can. */
  String problem(String address) {
    if (address == null || address.isBlank()) {
      return "has no publicAddress (a " + name() + " record needs " + expected + ")";
    }
    boolean valid =
        switch (this) {
          case A -> IPV4.matcher(address).matches();
          case AAAA -> isIpv6(address);
          case CNAME -> HOST.matcher(address).matches();
        };
    return valid
        ? null
        : "publicAddress '" + address + "' cannot be a " + name() + " record: needs " + expected;
  }

  /**
   * Whether two record contents are the same target: host names compare without case and trailing
   * dot, IPv6 addresses in any notation ({@code 2001:db8::1} = {@code 2001:0db8:0:0::1}).
   */
  boolean sameContent(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return switch (this) {
      case A -> a.trim().equals(b.trim());
      case AAAA -> isIpv6(a) && isIpv6(b) && ipv6(a).equals(ipv6(b));
      case CNAME -> DnsName.strip(a).equals(DnsName.strip(b));
    };
  }

  private static InetAddress ipv6(String s) {
    try {
      return InetAddress.getByName(s.trim());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv6 address: " + s, e);
    }
  }

  private static boolean isIpv6(String s) {
    // A literal with ':' is parsed, never looked up in DNS.
    if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(s) instanceof Inet6Address;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
