package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * What runs, beyond the tags in the spec: a tag can be pushed again, so the image each service runs is
 * recorded on the host at deploy time, and can be held there.
 */
public record ImagesSpec(
    @JsonPropertyDescription("Keep each service on the image first deployed under its tag (default false): when the tag is later"
            + " pulled onto another image (someone ran docker compose pull, or the image was pruned and pulled again), the operator"
            + " puts the tag back on the recorded image (pulled by its digest if it is gone) and recreates the service. Without it, a"
            + " changed image is reported (ImageChanged) and left running. A new tag in the spec is recorded anew.")
        @Default("false")
        Boolean pinDigests,
    @JsonPropertyDescription("Vulnerability scans of the running images with Trivy. Off unless enabled.")
        ImageScanSpec scan) {

  public boolean pinned() {
    return Boolean.TRUE.equals(pinDigests);
  }

  public boolean scanning() {
    return scan != null && scan.on();
  }
}
