package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The Torrust tracker container and the services it offers. */
@ValidationRule(
    value = "(has(self.udpTrackers) && size(self.udpTrackers) > 0)"
        + " || (has(self.httpTrackers) && size(self.httpTrackers) > 0)",
    message = "at least one UDP or HTTP tracker is required")
@ValidationRule(
    value = "!has(self.udpTrackers) || self.udpTrackers.all(a, self.udpTrackers.exists_one(b, b.port == a.port))",
    message = "two UDP trackers use the same port",
    fieldPath = ".udpTrackers")
@ValidationRule(
    value = "!has(self.httpTrackers)"
        + " || self.httpTrackers.all(a, self.httpTrackers.exists_one(b, b.port == a.port))",
    message = "two HTTP trackers use the same port",
    fieldPath = ".httpTrackers")
@ValidationRule(
    value = "!has(self.httpTrackers) || self.httpTrackers.all(t, t.tls == self.httpTrackers[0].tls)",
    message = "all HTTP trackers must have the same tls setting: the tracker's reverse-proxy mode is global, so"
        + " plain HTTP trackers would break next to proxied ones",
    fieldPath = ".httpTrackers")
@ValidationRule(
    value = "!has(self.httpTrackers) || !self.httpTrackers.exists(t, t.port == self.httpApi.port)",
    message = "the HTTP API uses the port of an HTTP tracker",
    fieldPath = ".httpApi.port")
@ValidationRule(
    value = "self.healthCheckApi.port != self.httpApi.port && (!has(self.httpTrackers)"
        + " || !self.httpTrackers.exists(t, t.port == self.healthCheckApi.port))",
    message = "the health-check API uses the port of the HTTP API or of an HTTP tracker",
    fieldPath = ".healthCheckApi.port")
@ValidationRule(
    value = "self.version != 'develop' || !self.image.endsWith('/tracker:v3.0.0')",
    message = "is the v3.0.0 release, not a develop build: give the develop build's image (pinned by its @sha256"
        + " digest) or set version: v3.0.0",
    fieldPath = ".image")
@ValidationRule(
    value = Formats.IMAGE_PINNED_RULE,
    message = Formats.IMAGE_PINNED_MESSAGE,
    fieldPath = ".image")
public record TrackerSpec(
    @JsonPropertyDescription(
            "Tracker container image. Pinned by default; override with another version tag or an @sha256 digest.")
        @Default(Images.TRACKER)
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String image,
    @JsonPropertyDescription(
            "The tracker release the image is built from; the configuration, the environment and the API"
                + " endpoints the operator uses follow it. v3.0.0 (default): the newest release; its API serves"
                + " statistics as JSON only, so Prometheus cannot scrape it. develop: a build of the develop branch"
                + " (configuration schema 2.0.0, /api/v1/metrics in Prometheus format), as the Torrust Tracker"
                + " Deployer runs it; pin such an image by its @sha256 digest.")
        @Default("v3.0.0")
        TrackerVersion version,
    @JsonProperty("private")
    @JsonPropertyDescription(
            "Private tracker: only peers with a valid key may announce (keys are managed through the API).")
        @Default("false")
        Boolean privateMode,
    @JsonPropertyDescription("UDP trackers. Each one is public on its port.") @Size(max = 16)
        List<UdpTrackerSpec> udpTrackers,
    @JsonPropertyDescription("HTTP trackers. Each one is public on its port, or behind the TLS proxy with tls.")
        @Size(max = 16)
        List<HttpTrackerSpec> httpTrackers,
    @JsonPropertyDescription("The REST management API.") @Default("{}") HttpApiSpec httpApi,
    @JsonPropertyDescription("The health-check API (never public).") @Default("{}")
        HealthCheckApiSpec healthCheckApi,
    @JsonPropertyDescription("The tracker's database: SQLite (default) or MySQL.") @Default("{}")
        DatabaseSpec database) {}
