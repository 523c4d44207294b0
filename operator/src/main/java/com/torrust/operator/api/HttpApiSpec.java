package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The tracker's REST management API (also scraped by Prometheus for metrics). */
@ValidationRule(value = "!self.tls || has(self.domain)", message = "tls requires a domain", fieldPath = ".domain")
public record HttpApiSpec(
    @JsonPropertyDescription(
            "TCP port of the API in the container; also the host port when it is published directly (tls false).")
        @Default("1212")
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "Host address the port is published on when tls is false: 0.0.0.0 for every IPv4 and IPv6"
                + " address, a specific address, or 127.0.0.1 to keep the API local. Ignored with tls.")
        @Default("0.0.0.0")
        @Size(max = 39)
        @Pattern(Formats.IP_PATTERN)
        String bindAddress,
    @JsonPropertyDescription("DNS name of the API. Required with tls.")
        @Size(max = 253)
        @Pattern(Formats.DOMAIN_PATTERN)
        String domain,
    @JsonPropertyDescription("Serve the API over HTTPS through the Caddy proxy. Requires domain and spec.https.")
        @Default("false")
        Boolean tls,
    @JsonPropertyDescription(
            "Secret key holding the API admin token. When empty, the operator generates a token once and keeps"
                + " it in the Secret <name>-generated.")
        SecretKeyRef adminTokenSecretRef) {}
