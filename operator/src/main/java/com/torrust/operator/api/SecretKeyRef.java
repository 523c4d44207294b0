package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to one key of a Secret in the resource's own namespace. */
public record SecretKeyRef(
    @JsonPropertyDescription("Name of the Secret, in the same namespace as the TrackerDeployment.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Formats.K8S_NAME_PATTERN)
        String name,
    @JsonPropertyDescription("Key within the Secret's data whose value is used.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Formats.SECRET_KEY_PATTERN)
        String key) {}
