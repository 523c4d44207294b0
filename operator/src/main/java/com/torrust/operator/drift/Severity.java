package com.torrust.operator.drift;

/** How urgent a finding is. */
public enum Severity {
  /** Something is exposed or unprotected right now. */
  Critical,
  /** The host differs from the plan; nothing is exposed by it yet. */
  Warning,
  /** Worth knowing. */
  Info
}
