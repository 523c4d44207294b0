package com.torrust.operator.observe;

/**
 * Versions of what runs on the host.
 *
 * @param composeCommand "docker compose" (v2), "docker-compose" (v1), or null when neither answers
 */
public record HostFacts(String os, String dockerVersion, String composeVersion, String composeCommand, String ufwVersion) {}
