package dev.baton.local.fakes;

import java.util.regex.Pattern;

/** Checks of DNS record content shared by both fakes (the APIs refuse the same nonsense). */
final class DnsNames {
  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$");
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "^(@|([a-zA-Z0-9_]([a-zA-Z0-9-]*[a-zA-Z0-9])?\\.)*[a-zA-Z0-9_]([a-zA-Z0-9-]*[a-zA-Z0-9])?\\.?)$");

  private DnsNames() {}

  /** Why {@code content} is not valid for a record of {@code type}, or null when it is. */
  static String problem(String type, String content) {
    if (content == null || content.isEmpty()) {
      return "content is required";
    }
    return switch (type) {
      case "A" -> IPV4.matcher(content).matches() ? null : "must be a valid IPv4 address";
      case "AAAA" -> isIpv6(content) ? null : "must be a valid IPv6 address";
      case "CNAME" -> HOSTNAME.matcher(content).matches() ? null : "must be a valid hostname";
      default -> null;
    };
  }

  private static boolean isIpv6(String s) {
    if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
