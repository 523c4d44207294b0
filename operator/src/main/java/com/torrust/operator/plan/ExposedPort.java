package com.torrust.operator.plan;

import com.torrust.operator.api.Protocol;

/**
 * One row of the exposure table: a port of the deployment and how far it reaches.
 *
 * @param service compose service (tracker, caddy, grafana, prometheus, mysql) or {@code sshd} for the host's SSH
 * @param role what the port serves (udp-tracker, http-tracker, http-api, health-check-api, ...)
 * @param containerPort port inside the container (for sshd, the host port)
 * @param hostPort port bound on the host, or null when not published
 * @param protocol TCP or UDP
 * @param exposure binding class
 * @param hostAddress address the host port is bound on: 0.0.0.0 means every IPv4 and IPv6 address; null
 *     when not published
 */
public record ExposedPort(
    String service,
    String role,
    int containerPort,
    Integer hostPort,
    Protocol protocol,
    Exposure exposure,
    String hostAddress) {

  public static final String ALL_ADDRESSES = "0.0.0.0";

  static ExposedPort published(String service, String role, int port, Protocol protocol, String bindAddress) {
    Exposure exposure = isLoopback(bindAddress) ? Exposure.LOCALHOST : Exposure.PUBLIC;
    return new ExposedPort(service, role, port, port, protocol, exposure, bindAddress);
  }

  static ExposedPort internal(String service, String role, int port, Protocol protocol) {
    return new ExposedPort(service, role, port, null, protocol, Exposure.INTERNAL, null);
  }

  /** The compose {@code ports:} entry, e.g. {@code 6969:6969/udp} or {@code 127.0.0.1:9090:9090}. */
  public String composeBinding() {
    if (hostPort == null) {
      throw new IllegalStateException(role + " is not published");
    }
    String address =
        ALL_ADDRESSES.equals(hostAddress) ? "" : (hostAddress.contains(":") ? "[" + hostAddress + "]" : hostAddress) + ":";
    String suffix = protocol == Protocol.UDP ? "/udp" : "";
    return address + hostPort + ":" + containerPort + suffix;
  }

  static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1");
  }
}
