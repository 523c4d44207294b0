package com.torrust.operator.reconcile;

import com.torrust.operator.api.DriftMode;

/** What a reconcile does on the host, from the drift mode and whether the spec or a Secret changed. */
public enum Work {
  /** Converge, then report what is still different. */
  Converge(true, true),
  /** Look and report; change nothing. */
  Check(false, true),
  /** Converge without looking for drift (drift detection disabled). */
  ConvergeOnly(true, false),
  /** Nothing: the spec and Secrets are as last applied and drift detection is disabled. */
  Nothing(false, false);

  private final boolean converges;
  private final boolean checksDrift;

  Work(boolean converges, boolean checksDrift) {
    this.converges = converges;
    this.checksDrift = checksDrift;
  }

  public boolean converges() {
    return converges;
  }

  public boolean checksDrift() {
    return checksDrift;
  }

  /**
   * @param changed whether the desired state differs from the one last applied (a spec or Secret change,
   *     or nothing applied yet)
   */
  public static Work decide(DriftMode mode, boolean changed) {
    return switch (mode) {
      case Remediate -> Converge;
      case Report -> changed ? Converge : Check;
      case Disabled -> changed ? ConvergeOnly : Nothing;
    };
  }
}
