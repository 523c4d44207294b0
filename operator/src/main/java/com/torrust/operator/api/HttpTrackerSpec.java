package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An HTTP tracker (BEP 3 announce and scrape over HTTP). */
@ValidationRule(value = "!self.tls || has(self.domain)", message = "tls requires a domain", fieldPath = ".domain")
public record HttpTrackerSpec(
    @JsonPropertyDescription(
            "TCP port the tracker listens on in the container; also the host port when it is published"
                + " directly (tls false).")
        @Required
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "Host address the port is published on when tls is false: 0.0.0.0 for every IPv4 and IPv6"
                + " address, a specific address, or 127.0.0.1 to keep it local. Ignored with tls.")
        @Default("0.0.0.0")
        @Size(max = 39)
        @Pattern(Formats.IP_PATTERN)
        String bindAddress,
    @JsonPropertyDescription("DNS name of this tracker. Required with tls: the certificate is issued for it.")
        @Size(max = 253)
        @Pattern(Formats.DOMAIN_PATTERN)
        String domain,
    @JsonPropertyDescription(
            "Serve this tracker over HTTPS through the Caddy proxy (ports 80/443) instead of publishing its"
                + " port. Requires domain and spec.https.")
        @Default("false")
        Boolean tls) {}
