package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Where the host comes from. A union keyed by {@code type}: each cloud provider adds its own member
 * object next to {@code type}.
 */
public record ProviderSpec(
    @JsonPropertyDescription(
            "Existing: a machine that already runs, reached at host.address; the operator never creates or"
                + " deletes it.")
        @Default("Existing")
        ProviderType type) {}
