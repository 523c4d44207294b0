package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A UDP tracker (BEP 15). Always public: UDP cannot go through the TLS proxy. */
public record UdpTrackerSpec(
    @JsonPropertyDescription("UDP port of the tracker, on the host and in the container.")
        @Required
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "Host address the port is published on: 0.0.0.0 for every IPv4 and IPv6 address, a specific"
                + " address of the host, or 127.0.0.1 to keep it local.")
        @Default("0.0.0.0")
        @Size(max = 39)
        @Pattern(Formats.IP_PATTERN)
        String bindAddress,
    @JsonPropertyDescription("DNS name announced for this tracker (udp://DOMAIN:PORT/announce); informational.")
        @Size(max = 253)
        @Pattern(Formats.DOMAIN_PATTERN)
        String domain) {}
