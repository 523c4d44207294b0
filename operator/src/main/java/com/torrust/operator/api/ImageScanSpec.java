package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Vulnerability scans of the images that run, with Trivy on the host. */
@ValidationRule(value = "duration(self.interval) >= duration('1h')", message = "must be at least 1h", fieldPath = ".interval")
@ValidationRule(value = "duration(self.timeout) >= duration('1m') && duration(self.timeout) <= duration('1h')",
    message = "must be from 1m to 1h", fieldPath = ".timeout")
@ValidationRule(value = Formats.IMAGE_PINNED_RULE_SCANNER, message = "scanner " + Formats.IMAGE_PINNED_MESSAGE, fieldPath = ".scanner")
public record ImageScanSpec(
    @JsonPropertyDescription("Scan every running image with Trivy on the host (default false): after each image change and then on the"
            + " interval. The host must reach Trivy's vulnerability database (ghcr.io) and its image; the database is cached on the host"
            + " in /var/lib/tracker-operator/trivy-cache. Results per image are in status.host.images[].scan, the full JSON reports in"
            + " /var/lib/tracker-operator/scans on the host.")
        @Default("false")
        Boolean enabled,
    @JsonPropertyDescription("The scanner's image, pinned (default " + Images.TRIVY + ").")
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String scanner,
    @JsonPropertyDescription("How often an unchanged image is scanned again, as a duration (default 24h, at least 1h): new"
            + " vulnerabilities are found in old images.")
        @Default("24h")
        @Size(max = 32)
        @Pattern(Formats.DURATION_PATTERN)
        String interval,
    @JsonPropertyDescription("The least severity that is drift (ImageVulnerable): Critical, High (default), Medium or Low.")
        @Default("High")
        VulnerabilitySeverity threshold,
    @JsonPropertyDescription("How long one scan may take, database download included (default 15m, 1m to 1h).")
        @Default("15m")
        @Size(max = 32)
        @Pattern(Formats.DURATION_PATTERN)
        String timeout) {

  public boolean on() {
    return Boolean.TRUE.equals(enabled);
  }
}
