package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One way the host differs from the spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftFinding(
    @JsonPropertyDescription(
            "What differs: UnexpectedPublicPort, ExpectedPortMissing, FirewallInactive, FirewallDefaultPolicy,"
                + " FirewallRuleMissing, FirewallRuleUnexpected, ServiceNotRunning, ObservationIncomplete, ...; MoreFindings"
                + " counts those past the first " + MAX_ITEMS + ".")
        @Size(max = 64)
        String kind,
    @JsonPropertyDescription("Critical, Warning or Info.") @Size(max = 16) String severity,
    @JsonPropertyDescription("Port concerned, if any.") Integer port,
    @JsonPropertyDescription("TCP or UDP, if a port is concerned.") String protocol,
    @JsonPropertyDescription("Address the port is bound on, if any.") @Size(max = MAX_ADDRESS) String address,
    @JsonPropertyDescription("Who is responsible: a container name, or a process and its pid.") @Size(max = MAX_SOURCE) String source,
    @JsonPropertyDescription("What was found and what to do about it.") @Size(max = MAX_MESSAGE) String message,
    @JsonPropertyDescription("When this finding was first seen (RFC 3339).") @Size(max = 64) String since) {

  /** The most findings status holds (the last one then counts the rest). */
  public static final int MAX_ITEMS = 50;
  public static final int MAX_ADDRESS = 64;
  public static final int MAX_SOURCE = 256;
  public static final int MAX_MESSAGE = 1024;

  /** Whether both name the same difference (kind, port, protocol, address, source), seen at any time. */
  public boolean sameAs(DriftFinding other) {
    return kind.equals(other.kind) && Objects.equals(port, other.port) && Objects.equals(protocol, other.protocol)
        && Objects.equals(address, other.address) && Objects.equals(source, other.source);
  }
}
