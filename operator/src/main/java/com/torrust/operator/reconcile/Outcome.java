package com.torrust.operator.reconcile;

import com.torrust.operator.api.Endpoint;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.drift.Finding;
import java.util.List;

/** What one reconcile found out, before it becomes status. */
public sealed interface Outcome {

  /** The spec is refused (admission); nothing was sent to the host. Not retried until the spec changes. */
  record InvalidSpec(String message) implements Outcome {}

  /** The host could not be used: HostKeyMismatch, AuthenticationFailed (both stall), or HostUnreachable. */
  record HostProblem(String reason, String message, boolean stalled) implements Outcome {}

  /** The host was looked at (and converged, unless the drift mode said not to). */
  record Observed(
      HostStatus host,
      List<Endpoint> endpoints,
      List<Finding> drift,
      boolean firewallConverged,
      boolean servicesConverged,
      String appliedHash,
      String convergeError) implements Outcome {}
}
