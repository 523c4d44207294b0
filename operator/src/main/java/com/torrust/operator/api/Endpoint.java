package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A public endpoint of the deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Endpoint(
    @JsonPropertyDescription("Service behind the endpoint (udp-tracker, http-tracker, http-api, grafana, ...).")
        String service,
    @JsonPropertyDescription("TCP or UDP.") String protocol,
    @JsonPropertyDescription("Host port.") Integer port,
    @JsonPropertyDescription("How clients reach it (udp://..., https://...).") String url) {}
