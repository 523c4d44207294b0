package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Resource limits per service, so that a tracker under a flood of announces or a runaway Grafana
 * cannot take the whole VM (sshd included). The defaults fit a 2 GB VM with room for the system.
 */
public record ResourcesSpec(
    @JsonPropertyDescription("The tracker. Default: 512Mi of memory, no CPU limit (it is what the host is for).") ServiceResources tracker,
    @JsonPropertyDescription("MySQL. Default: 512Mi, 1 CPU.") ServiceResources mysql,
    @JsonPropertyDescription("Prometheus. Default: 256Mi, 0.5 CPU.") ServiceResources prometheus,
    @JsonPropertyDescription("Grafana. Default: 256Mi, 0.5 CPU.") ServiceResources grafana,
    @JsonPropertyDescription("Caddy, the TLS proxy. Default: 128Mi, 0.5 CPU.") ServiceResources caddy,
    @JsonPropertyDescription("The backup job. Default: 256Mi, 0.5 CPU.") ServiceResources backup) {}
