package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Prometheus, scraping the tracker's statistics. Bound to 127.0.0.1:9090 on the host only. */
@ValidationRule(
    value = Formats.IMAGE_PINNED_RULE,
    message = Formats.IMAGE_PINNED_MESSAGE,
    fieldPath = ".image")
@ValidationRule(
    value = "duration(self.scrapeInterval) >= duration('1s')",
    message = "must be at least 1s",
    fieldPath = ".scrapeInterval")
public record PrometheusSpec(
    @JsonPropertyDescription("Run Prometheus. Leaving out the whole prometheus section also turns it off.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("Prometheus image, pinned by default.")
        @Default(Images.PROMETHEUS)
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String image,
    @JsonPropertyDescription("How often the tracker is scraped, as a duration (15s, 1m). At least 1s.")
        @Default("15s")
        @Size(max = 32)
        @Pattern(Formats.DURATION_PATTERN)
        String scrapeInterval) {}
