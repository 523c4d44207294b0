package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What the operator found out about the host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostStatus(
    @JsonPropertyDescription("The host's SSH public key: the one pinned (spec.host.hostKey, the host-key annotation, or for a server the operator"
        + " created its generated Secret), or on a first contact the one presented, for a person to confirm. Shown only, never read as a pin.")
        String hostKey,
    @JsonPropertyDescription("SHA256 fingerprint of the pinned host key.") String hostKeyFingerprint,
    @JsonPropertyDescription("Operating system (PRETTY_NAME of /etc/os-release).") String os,
    @JsonPropertyDescription("Docker engine version.") String dockerVersion,
    @JsonPropertyDescription("Compose version and flavour (v2 'docker compose' or v1 'docker-compose').")
        String composeVersion,
    @JsonPropertyDescription("UFW version.") String ufwVersion,
    @JsonPropertyDescription("The image each running service of the deployment runs, with its digest and last vulnerability scan.")
        @Size(max = 16)
        List<ImageStatus> images) {

  public HostStatus(String hostKey, String hostKeyFingerprint, String os, String dockerVersion, String composeVersion, String ufwVersion) {
    this(hostKey, hostKeyFingerprint, os, dockerVersion, composeVersion, ufwVersion, null);
  }

  public HostStatus withImages(java.util.List<ImageStatus> next) {
    return new HostStatus(hostKey, hostKeyFingerprint, os, dockerVersion, composeVersion, ufwVersion, next == null || next.isEmpty() ? null : next);
  }
}
