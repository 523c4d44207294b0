package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The host firewall (UFW). Incoming traffic is always denied by default and outgoing allowed; the
 * operator adds exactly the SSH rule, one rule per public tracker endpoint, and the extra rules.
 */
public record FirewallSpec(
    @JsonPropertyDescription(
            "Networks (IPv4/IPv6 addresses or CIDRs) allowed to reach the SSH port. Defaults to anywhere."
                + " Keep the operator's own address in this list, or it locks itself out.")
        @Default("[\"0.0.0.0/0\",\"::/0\"]")
        @Size(min = 1, max = 32)
        List<@Size(max = 43) @Pattern(Formats.CIDR_PATTERN) String> sshAllowFrom,
    @JsonPropertyDescription("Further allow rules, for ports the deployment itself does not use.")
        @Size(max = 32)
        List<FirewallRule> extraRules,
    @JsonPropertyDescription("UFW logging level: Off, Low, Medium, High or Full.") @Default("Low")
        FirewallLogging logging) {}
