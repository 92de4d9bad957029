package dev.baton.routing;

import dev.baton.port.TrafficRouter;

/** A router that points a DNS record at a region's {@code publicAddress}. */
interface DnsRouter extends TrafficRouter {
  DnsRecordType recordType();
}
