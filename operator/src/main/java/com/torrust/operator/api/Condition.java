package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One aspect of the resource's state, in the shape Kubernetes tools (kstatus, Argo CD) read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonPropertyDescription(
            "Ready, Reconciling, Stalled, Drifted, HostReachable, FirewallConverged or ServicesConverged.")
        String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("Why the condition has its status, as one CamelCase word.") String reason,
    @JsonPropertyDescription("What a person should know about the condition.") String message,
    @JsonPropertyDescription("When status last changed (RFC 3339).") String lastTransitionTime,
    @JsonPropertyDescription("The metadata.generation the condition was computed for.") Long observedGeneration) {

  /** The three statuses a condition has (Kubernetes API conventions). */
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";
}
