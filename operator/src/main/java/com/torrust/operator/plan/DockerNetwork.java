package com.torrust.operator.plan;

import java.util.List;

/**
 * A bridge network of the compose project and the services attached to it.
 *
 * @param ipv6Subnet the network's IPv6 subnet (unique local addresses), or null for an IPv4-only network
 */
public record DockerNetwork(String name, List<String> members, String ipv6Subnet) {

  public DockerNetwork {
    members = List.copyOf(members);
  }

  public DockerNetwork(String name, List<String> members) {
    this(name, members, null);
  }

  public boolean ipv6() {
    return ipv6Subnet != null;
  }
}
