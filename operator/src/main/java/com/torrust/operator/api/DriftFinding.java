package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One way the host differs from the spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftFinding(
    @JsonPropertyDescription(
            "What differs: UnexpectedPublicPort, ExpectedPortMissing, FirewallInactive, FirewallDefaultPolicy,"
                + " FirewallRuleMissing, FirewallRuleUnexpected, ServiceNotRunning, ...")
        String kind,
    @JsonPropertyDescription("Critical, Warning or Info.") String severity,
    @JsonPropertyDescription("Port concerned, if any.") Integer port,
    @JsonPropertyDescription("TCP or UDP, if a port is concerned.") String protocol,
    @JsonPropertyDescription("Address the port is bound on, if any.") String address,
    @JsonPropertyDescription("Who is responsible: a container name, or a process and its pid.") String source,
    @JsonPropertyDescription("What was found and what to do about it.") String message,
    @JsonPropertyDescription("When this finding was first seen (RFC 3339).") String since) {

  /** Whether both name the same difference (kind, port, protocol, address, source), seen at any time. */
  public boolean sameAs(DriftFinding other) {
    return kind.equals(other.kind) && Objects.equals(port, other.port) && Objects.equals(protocol, other.protocol)
        && Objects.equals(address, other.address) && Objects.equals(source, other.source);
  }
}
