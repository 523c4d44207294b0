package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A summary of one Trivy report; the full report stays on the host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageScanStatus(
    @JsonPropertyDescription("When the scan ran (RFC 3339).") String scannedAt,
    @JsonPropertyDescription("When Trivy's vulnerability database in the host's cache was built (RFC 3339), if known.")
        String databaseUpdatedAt,
    @JsonPropertyDescription("Vulnerabilities of severity CRITICAL.") Integer critical,
    @JsonPropertyDescription("Vulnerabilities of severity HIGH.") Integer high,
    @JsonPropertyDescription("Vulnerabilities of severity MEDIUM.") Integer medium,
    @JsonPropertyDescription("Vulnerabilities of severity LOW.") Integer low,
    @JsonPropertyDescription("Vulnerabilities of severity UNKNOWN.") Integer unknown,
    @JsonPropertyDescription("Why no result: the scan failed or its report could not be read. The counts are then absent.") String error,
    @JsonPropertyDescription("Where the full JSON report is on the host.") String report) {}
