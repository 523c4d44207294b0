package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How differences between the host and the spec (drift) are handled. */
public record DriftSpec(
    @JsonPropertyDescription(
            "Remediate (default): converge the host on every reconcile. Report: converge only when the spec or a"
                + " referenced Secret changes, and only report drift in between. Disabled: converge on changes and"
                + " do not look for drift.")
        @Default("Remediate")
        DriftMode mode,
    @JsonPropertyDescription(
            "Ports that may be public on the host without being drift, e.g. another team's exporter. The"
                + " operator never closes them.")
        @Size(max = 32)
        List<DriftIgnoreRule> ignore) {}
