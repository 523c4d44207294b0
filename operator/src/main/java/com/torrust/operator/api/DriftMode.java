package com.torrust.operator.api;

/** What the operator does about differences between the host and the spec. */
public enum DriftMode {
  /** Converge the host on every reconcile, fixing drift as soon as it is seen. */
  Remediate,
  /** Converge only when the spec or a referenced Secret changes; drift in between is only reported. */
  Report,
  /** Converge when the spec or a Secret changes, and do not look for drift. */
  Disabled
}
