package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An additional UFW allow rule for a port the tracker deployment itself does not use. */
public record FirewallRule(
    @JsonPropertyDescription("Port to allow incoming traffic to.") @Required @Min(1) @Max(65535) Integer port,
    @JsonPropertyDescription("Protocol of the port: TCP or UDP.") @Default("TCP") Protocol protocol,
    @JsonPropertyDescription(
            "Source network allowed, as an IPv4 or IPv6 address or CIDR. When empty, any source (IPv4 and IPv6).")
        @Size(max = 43)
        @Pattern(Formats.CIDR_PATTERN)
        String from,
    @JsonPropertyDescription(
            "Why the rule exists; stored as the UFW rule comment. Letters, digits, spaces and . , : / ( ) + - _ only.")
        @Size(max = 64)
        @Pattern(Formats.COMMENT_PATTERN)
        String comment) {}
