package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Failures in a row, kept in status so that a restart or a leader change does not reset them: they
 * decide the backoff, when repeated authentication failures stall, and when a failing cleanup stops
 * being retried. Absent (or 0) after a success.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureCounts(
    @JsonPropertyDescription("Reconciles in a row that failed (host problems, failed converges, unexpected errors): the backoff grows with it.")
        Integer reconciles,
    @JsonPropertyDescription("Authentication failures in a row: the resource stalls at 3 (a key being rotated may be refused once).")
        Integer authentication,
    @JsonPropertyDescription("Failed cleanup attempts after deletion: at 3 the resource stalls with CleanupFailed until a person acts.")
        Integer cleanup) {

  public static final FailureCounts NONE = new FailureCounts(null, null, null);

  public int reconcilesOrZero() {
    return reconciles == null ? 0 : reconciles;
  }

  public int authenticationOrZero() {
    return authentication == null ? 0 : authentication;
  }

  public int cleanupOrZero() {
    return cleanup == null ? 0 : cleanup;
  }

  public static FailureCounts of(int reconciles, int authentication, int cleanup) {
    FailureCounts counts = new FailureCounts(reconciles == 0 ? null : reconciles, authentication == 0 ? null : authentication,
        cleanup == 0 ? null : cleanup);
    return counts.equals(NONE) ? null : counts;
  }
}
