package com.torrust.operator.observe;

import java.util.List;

/**
 * What decides whether IPv6 clients reach the deployment from their own address: the host's IPv6,
 * the Docker engine's settings and the compose project's networks.
 *
 * @param hostIpv6 whether the kernel has IPv6 turned on; null when it could not be read
 * @param daemon the engine's daemon.json; null when it could not be read (a problem says why)
 * @param networks the compose project's networks; null when they could not be listed
 */
public record DockerNetworking(Boolean hostIpv6, DockerDaemonConfig daemon, List<ObservedNetwork> networks) {

  /** The networks of one compose project; null when they could not be listed. */
  public List<ObservedNetwork> networksOf(String project) {
    return networks == null ? null : networks.stream().filter(n -> n.project().equals(project)).toList();
  }

  /** Nothing was looked at (observations built by hand). */
  public static final DockerNetworking UNKNOWN = new DockerNetworking(null, null, null);

  public DockerNetworking {
    networks = networks == null ? null : List.copyOf(networks);
  }

  /**
   * One network of the compose project as Docker has it.
   *
   * @param project the compose project it belongs to
   * @param name the compose name (without the project prefix)
   * @param ipv6 whether IPv6 is enabled on it
   * @param subnets its IPAM subnets, IPv4 and IPv6
   */
  public record ObservedNetwork(String project, String name, boolean ipv6, List<String> subnets) {

    public ObservedNetwork {
      subnets = List.copyOf(subnets);
    }
  }
}
