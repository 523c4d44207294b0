package com.torrust.operator.provision.hetzner;

import java.util.Map;

/**
 * A server as the Hetzner Cloud API describes it (the fields the operator uses).
 *
 * @param status initializing, starting, running, stopping, off, deleting, migrating, rebuilding or unknown
 * @param ipv4 the public IPv4 address, or null when the server has none
 * @param ipv6Network the public IPv6 network ("2001:db8:1:2::/64"), or null
 * @param created RFC 3339
 */
public record HetznerServer(long id, String name, String status, String ipv4, String ipv6Network, String created,
    Map<String, String> labels) {

  /** The server's own IPv6 address: Hetzner routes a /64 to it and configures its first address. */
  public String ipv6() {
    if (ipv6Network == null) {
      return null;
    }
    String network = ipv6Network.contains("/") ? ipv6Network.substring(0, ipv6Network.indexOf('/')) : ipv6Network;
    return network.endsWith("::") ? network + "1" : network;
  }
}
