package com.torrust.operator.reconcile;

import java.util.Set;

/**
 * The reasons of Ready (and Stalled) that are decided in this package, by name: status, Events,
 * metrics and tests use these constants, never the strings. Host access reasons are the names of
 * {@link com.torrust.operator.host.HostAccessException.Reason}; the provider's are in ServerStage.
 */
public final class Reasons {

  public static final String CONVERGED = "Converged";
  public static final String CONVERGE_FAILED = "ConvergeFailed";
  public static final String CONVERGE_REFUSED = "ConvergeRefused";
  public static final String SERVICES_STARTING = "ServicesStarting";
  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String NOT_CONVERGED = "NotConverged";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String RECONCILE_ERROR = "ReconcileError";
  public static final String CLEANUP_FAILED = "CleanupFailed";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String SECRET_NOT_ALLOWED = "SecretNotAllowed";
  public static final String SECRET_NOT_OWNED = "SecretNotOwned";
  public static final String SECRET_VALUE_INVALID = "SecretValueInvalid";
  public static final String HOST_KEY_UNCONFIRMED = "HostKeyUnconfirmed";
  public static final String HOST_CLAIMED = "HostClaimed";

  /** Ready reasons worth a Warning Event when Ready turns to them (Stalled reasons have their own). */
  public static final Set<String> WARN_WHEN_READY_BECOMES = Set.of(CONVERGE_FAILED, CONVERGE_REFUSED, RECONCILE_ERROR, SECRET_NOT_FOUND,
      SECRET_NOT_ALLOWED, SECRET_NOT_OWNED, SECRET_VALUE_INVALID);

  private Reasons() {}

  /** Serving=Unknown: the outside prober's first try has not ended. */
  public static final String PROBE_PENDING = "ProbePending";
  /** Serving=True: every planned endpoint answered from outside in its protocol. */
  public static final String ENDPOINTS_SERVING = "EndpointsServing";
  /** Serving=False: a planned endpoint did not answer from outside. */
  public static final String ENDPOINTS_NOT_SERVING = "EndpointsNotServing";

  /** Paused=True: the annotation tracker.torrust.com/paused is "true". */
  public static final String PAUSED_BY_ANNOTATION = "PausedByAnnotation";
}
