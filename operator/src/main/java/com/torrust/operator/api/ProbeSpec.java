package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The outside prober: the deployment tried from where its clients stand. */
@ValidationRule(value = "duration(self.interval) >= duration('10s')", message = "must be at least 10s", fieldPath = ".interval")
public record ProbeSpec(
    @JsonPropertyDescription(
            "Try the deployment from the operator's network on an interval (default true): every planned public endpoint in"
                + " its protocol (BEP 15 over UDP, announce and scrape over HTTP(S), the API's and Grafana's health, TLS"
                + " certificates), and that private and dangerous ports do not answer. Results are the Serving condition,"
                + " status.endpoints[].serving and findings in status.drift. Traffic goes only to the host's address.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("How often the prober tries the deployment, as a duration (default 1m, at least 10s). A changed"
            + " result reconciles the resource at once.")
        @Default("1m")
        @Size(max = 32)
        @Pattern(Formats.DURATION_PATTERN)
        String interval) {

  /** On unless switched off. */
  public boolean on() {
    return !Boolean.FALSE.equals(enabled);
  }
}
