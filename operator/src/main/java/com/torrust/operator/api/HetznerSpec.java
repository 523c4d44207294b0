package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A server the operator creates in Hetzner Cloud for this deployment. */
@ValidationRule(
    value = "!has(self.labels) || self.labels.all(k, k.matches(r'" + Formats.HETZNER_LABEL_KEY + "'))",
    message = "label keys are an optional DNS-name prefix and '/', then 1-63 of letters, digits, '-', '_' and '.' that start and end"
        + " with a letter or digit",
    fieldPath = ".labels")
@ValidationRule(
    value = "!has(self.labels) || self.labels.all(k, self.labels[k].matches(r'" + Formats.HETZNER_LABEL_VALUE + "'))",
    message = "label values are empty or 1-63 of letters, digits, '-', '_' and '.' that start and end with a letter or digit",
    fieldPath = ".labels")
@ValidationRule(
    value = "!has(self.labels) || self.labels.all(k, !k.startsWith('" + TrackerDeployment.GROUP + "/'))",
    message = "keys under " + TrackerDeployment.GROUP + "/ are set by the operator (they find the server again)",
    fieldPath = ".labels")
public record HetznerSpec(
    @JsonPropertyDescription(
            "Secret key holding a Hetzner Cloud API token (read and write) of the project the server is created in.")
        @Required
        SecretKeyRef tokenSecretRef,
    @JsonPropertyDescription(
            "Server type, e.g. cx22 or cpx21. Changing it later does not resize an existing server.")
        @Required
        @Size(min = 1, max = 63)
        @Pattern(Formats.HETZNER_NAME_PATTERN)
        String serverType,
    @JsonPropertyDescription(
            "Location, e.g. nbg1, fsn1, hel1, ash, hil or sin. Changing it later does not move an existing server.")
        @Required
        @Size(min = 1, max = 63)
        @Pattern(Formats.HETZNER_NAME_PATTERN)
        String location,
    @JsonPropertyDescription(
            "Image name, e.g. ubuntu-24.04 (default) or debian-12. Changing it later does not rebuild an existing server.")
        @Default("ubuntu-24.04")
        @Size(min = 1, max = 63)
        @Pattern(Formats.HETZNER_NAME_PATTERN)
        String image,
    @JsonPropertyDescription(
            "Labels put on the server in Hetzner Cloud, in addition to the operator's own"
                + " (tracker.torrust.com/uid, /namespace, /name), which find the server again.")
        Map<String, String> labels) {}
