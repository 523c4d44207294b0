package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The Caddy TLS proxy, with certificates from Let's Encrypt. Set exactly when at least one service has
 * tls; Caddy then publishes 80/tcp, 443/tcp and 443/udp.
 */
@ValidationRule(
    value = Formats.IMAGE_PINNED_RULE,
    message = Formats.IMAGE_PINNED_MESSAGE,
    fieldPath = ".image")
public record HttpsSpec(
    @JsonPropertyDescription("E-mail address of the ACME account; Let's Encrypt sends expiry notices there.")
        @Required
        @Size(min = 3, max = 254)
        @Pattern(Formats.EMAIL_PATTERN)
        String adminEmail,
    @JsonPropertyDescription(
            "Use Let's Encrypt's staging CA (untrusted certificates, generous rate limits) for trying things out.")
        @Default("false")
        Boolean useStaging,
    @JsonPropertyDescription("Caddy image, pinned by default.")
        @Default(Images.CADDY)
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String image) {}
