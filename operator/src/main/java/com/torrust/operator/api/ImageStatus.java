package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The image one service runs, as Docker records it, and its last vulnerability scan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageStatus(
    @JsonPropertyDescription("The compose service.") String service,
    @JsonPropertyDescription("The image reference the container was created from (the spec's tag).") String image,
    @JsonPropertyDescription("The image ID (sha256 of its configuration) the container runs: what actually runs, also for an image"
        + " that never came from a registry.") String id,
    @JsonPropertyDescription("The registry digest (repository@sha256:...) of that image, when it was pulled from a registry.") String digest,
    @JsonPropertyDescription("When this image was recorded on the host for this tag (RFC 3339); absent before the first converge.")
        String recordedAt,
    @JsonPropertyDescription("The image ID recorded at deploy time, when the container now runs another one under the same tag.")
        String recordedId,
    @JsonPropertyDescription("The last vulnerability scan of this image (spec.images.scan).") ImageScanStatus scan) {}
