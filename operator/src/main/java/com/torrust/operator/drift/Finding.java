package com.torrust.operator.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.torrust.operator.api.Protocol;

/**
 * One way the host differs from its plan.
 *
 * @param source who is responsible: a container name, "process (pid N)", a file path, "ufw" or "sshd"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    DriftKind kind, Severity severity, Integer port, Protocol protocol, String address, String source, String message) {}
