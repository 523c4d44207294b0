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
    @JsonPropertyDescription("How clients reach it (udp://..., https://...).") String url,
    @JsonPropertyDescription("Whether the outside prober's last try got an answer in the endpoint's protocol; absent until the first"
        + " try, or when probing is off.") Boolean serving,
    @JsonPropertyDescription("What the last try saw, in a few words (\"connect, announce and scrape answered\", \"no answer within"
        + " 3000 ms\").") @io.fabric8.generator.annotation.Size(max = 256) String probe,
    @JsonPropertyDescription("For a TLS endpoint: when its certificate expires (RFC 3339), as the last try read it.")
        @io.fabric8.generator.annotation.Size(max = 64) String certificateNotAfter,
    @JsonPropertyDescription("How long the last try took, by order of magnitude (under 10 ms, under 100 ms, under 1 s, 1 s or more):"
        + " coarse, so that status changes only when it does; the exact figure is the metric tracker_operator_probe_duration_seconds.")
        @io.fabric8.generator.annotation.Size(max = 16) String latency) {

  public Endpoint(String service, String protocol, Integer port, String url) {
    this(service, protocol, port, url, null, null, null, null);
  }

  /** This endpoint with the outside prober's last result. */
  public Endpoint withProbe(Boolean nextServing, String nextProbe, String nextNotAfter, String nextLatency) {
    return new Endpoint(service, protocol, port, url, nextServing, nextProbe, nextNotAfter, nextLatency);
  }

  /** The order of magnitude of a try's duration, as status shows it. */
  public static String latencyClass(long millis) {
    return millis < 10 ? "under 10 ms" : millis < 100 ? "under 100 ms" : millis < 1000 ? "under 1 s" : "1 s or more";
  }
}
