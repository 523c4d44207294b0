package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Grafana dashboards over Prometheus. Public on its port, or behind the TLS proxy with tls. */
@ValidationRule(value = "!self.tls || has(self.domain)", message = "tls requires a domain", fieldPath = ".domain")
@ValidationRule(
    value = Formats.IMAGE_PINNED_RULE,
    message = Formats.IMAGE_PINNED_MESSAGE,
    fieldPath = ".image")
public record GrafanaSpec(
    @JsonPropertyDescription(
            "Run Grafana. Leaving out the whole grafana section also turns it off. Requires Prometheus.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("Grafana image, pinned by default.")
        @Default(Images.GRAFANA)
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String image,
    @JsonPropertyDescription("Host TCP port Grafana is published on when tls is false (the container port is 3000).")
        @Default("3000")
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription("DNS name of Grafana. Required with tls; also sets Grafana's root URL.")
        @Size(max = 253)
        @Pattern(Formats.DOMAIN_PATTERN)
        String domain,
    @JsonPropertyDescription("Serve Grafana over HTTPS through the Caddy proxy. Requires domain and spec.https.")
        @Default("false")
        Boolean tls,
    @JsonPropertyDescription("Secret holding Grafana's admin user name and password.") @Required
        GrafanaAdminSecretRef adminSecretRef) {}
