package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The server the operator created for this deployment (provider Hetzner). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerStatus(
    @JsonPropertyDescription(
            "Creating: a create call was made or is about to be (createRequestedAt); when its result is unknown the"
                + " operator adopts the server carrying this resource's labels instead of creating a second one."
                + " Starting: the server exists and Hetzner Cloud is starting it (initializing, starting); followed until it"
                + " runs, a failed create or start action stalls with its error."
                + " Booting: the server runs; waiting for SSH and cloud-init, then its birth host key is replaced."
                + " Ready: cloud-init finished and the host key replaced; the host is converged like any other.")
        String phase,
    @JsonPropertyDescription("The server's id in Hetzner Cloud.") Long id,
    @JsonPropertyDescription("The server's name in Hetzner Cloud.") String name,
    @JsonPropertyDescription("Public IPv4 address: the host address unless spec.host.address is set.") String ipv4,
    @JsonPropertyDescription("Public IPv6 address (the first address of the server's /64).") String ipv6,
    @JsonPropertyDescription("When the create call was requested (RFC 3339): the create-pending marker.") String createRequestedAt,
    @JsonPropertyDescription("When Hetzner Cloud created the server (RFC 3339).") String created,
    @JsonPropertyDescription(
            "The SSH host key replacing the birth key (whose private half the user data carried), while it is being"
                + " installed: accepted next to the pinned key until the replacement is confirmed. Shown only: the"
                + " operator keeps the pins in the resource's generated Secret.")
        String nextHostKey) {

  public static final String CREATING = "Creating";
  public static final String STARTING = "Starting";
  public static final String BOOTING = "Booting";
  public static final String READY = "Ready";

  public ServerStatus(String phase, Long id, String name, String ipv4, String ipv6, String createRequestedAt, String created) {
    this(phase, id, name, ipv4, ipv6, createRequestedAt, created, null);
  }

  public ServerStatus withPhase(String next) {
    return new ServerStatus(next, id, name, ipv4, ipv6, createRequestedAt, created, nextHostKey);
  }

  public ServerStatus withNextHostKey(String next) {
    return new ServerStatus(phase, id, name, ipv4, ipv6, createRequestedAt, created, next);
  }
}
