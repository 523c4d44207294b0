package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The machine the tracker runs on and how the operator reaches it over SSH. */
@ValidationRule(
    value = Formats.NUMERIC_ADDRESS_RULE,
    message = "is neither a valid IPv4 address nor a DNS name",
    fieldPath = ".address")
public record HostSpec(
    @JsonPropertyDescription(
            "IP address (IPv4 or IPv6) or DNS name of the host. Required with provider Existing. With provider"
                + " Hetzner it may be left out: the server's IPv4 address (status.server.ipv4) is used then.")
        @Size(min = 1, max = 253)
        @Pattern(Formats.ADDRESS_PATTERN)
        String address,
    @JsonPropertyDescription("TCP port of the host's SSH server. The firewall always allows it.")
        @Default("22")
        @Min(1)
        @Max(65535)
        Integer sshPort,
    @JsonPropertyDescription(
            "User the operator logs in as. A user other than root must be allowed to run sudo without a password.")
        @Default("torrust")
        @Size(min = 1, max = 32)
        @Pattern(Formats.LINUX_USER_PATTERN)
        String user,
    @JsonPropertyDescription(
            "Secret key holding the SSH private key (OpenSSH or PEM format, without a passphrase) for the user."
                + " A Secret of type kubernetes.io/ssh-auth keeps it under the key ssh-privatekey.")
        @Required
        SecretKeyRef sshKeySecretRef,
    @JsonPropertyDescription(
            "The host's SSH public key ('ssh-ed25519 AAAA...') or its fingerprint ('SHA256:...'). The operator"
                + " refuses to talk to a host that presents another key. When empty, the operator only reads the key"
                + " the host presents, shows it in status.host.hostKey and the Ready condition, and sends nothing until a"
                + " person confirms it with the annotation tracker.torrust.com/host-key (no trust on first use). Must be"
                + " empty with provider Hetzner: the operator generates that server's host key and pins it from birth.")
        @Size(max = 1200)
        @Pattern(Formats.HOST_KEY_PATTERN)
        String hostKey,
    @JsonPropertyDescription(
            "Automatic security updates (unattended-upgrades): on by default, rebooting at 02:00 when needed.")
        @Default("{}")
        SecurityUpdatesSpec securityUpdates,
    @JsonPropertyDescription(
            "Serve IPv6 clients with their own addresses (default true). Docker's networks of the deployment get"
                + " IPv6 (unique local addresses) and Docker's IPv6 NAT is turned on (/etc/docker/daemon.json, one"
                + " restart of the Docker engine), so an IPv6 announce reaches the tracker from the client's address"
                + " instead of the bridge's, and IPv6 published ports bypass UFW as IPv4 ones do. The tracker listens"
                + " on IPv4 and IPv6 separately. Set false on a host without IPv6: IPv6 clients then reach published"
                + " ports through Docker's proxy and the tracker records them all under one bridge address.")
        @Default("true")
        Boolean ipv6) {

  public HostSpec(String address, Integer sshPort, String user, SecretKeyRef sshKeySecretRef, String hostKey, SecurityUpdatesSpec securityUpdates) {
    this(address, sshPort, user, sshKeySecretRef, hostKey, securityUpdates, null);
  }

  /** The same host at another address (the one a cloud provider assigned). */
  public HostSpec withAddress(String next) {
    return new HostSpec(next, sshPort, user, sshKeySecretRef, hostKey, securityUpdates, ipv6);
  }

  /** Whether the deployment serves IPv6 clients natively (the default). */
  public boolean ipv6Enabled() {
    return ipv6 == null || ipv6;
  }
}
