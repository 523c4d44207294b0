package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A port that may be public on the host without being reported as drift. */
public record DriftIgnoreRule(
    @JsonPropertyDescription("Port that may be open.") @Required @Min(1) @Max(65535) Integer port,
    @JsonPropertyDescription("Protocol of the port: TCP or UDP.") @Default("TCP") Protocol protocol,
    @JsonPropertyDescription("Why it may be open (for the people reading the spec).")
        @Size(max = 128)
        @Pattern(Formats.COMMENT_PATTERN)
        String reason) {}
