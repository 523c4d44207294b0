package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The tracker's health-check API. Never published on the host; used by the container health check. */
public record HealthCheckApiSpec(
    @JsonPropertyDescription("TCP port of the health-check API inside the tracker container. Never published.")
        @Default("1313")
        @Min(1)
        @Max(65535)
        Integer port) {}
