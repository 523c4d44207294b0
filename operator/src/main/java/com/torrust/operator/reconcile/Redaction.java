package com.torrust.operator.reconcile;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.DriftFinding;
import com.torrust.operator.api.TrackerDeploymentStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The last line of defence for secrets: every text the operator writes to status, Events or logs passes
 * here, and any secret value of the deployment in it is replaced. Nothing should contain one (messages
 * are built from paths, ports and names), but a tool's error output on the host is not under our control.
 */
public record Redaction(List<String> values) {

  public static final String MASK = "[redacted]";
  /** Values shorter than this are not masked: "1" in a message is a port, not a secret. */
  private static final int SHORTEST = 4;

  public Redaction {
    // Longest first, so a secret that contains another is masked whole.
    values = values.stream().filter(Objects::nonNull).filter(v -> v.length() >= SHORTEST).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  public static final Redaction NONE = new Redaction(List.of());

  public String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String value : values) {
      out = out.replace(value, MASK);
    }
    return out;
  }

  public TrackerDeploymentStatus apply(TrackerDeploymentStatus status) {
    if (values.isEmpty() || status == null) {
      return status;
    }
    List<Condition> conditions = status.conditions() == null ? null : status.conditions().stream()
        .map(c -> new Condition(c.type(), c.status(), c.reason(), apply(c.message()), c.lastTransitionTime(), c.observedGeneration()))
        .toList();
    List<DriftFinding> drift = status.drift() == null ? null : status.drift().stream()
        .map(d -> new DriftFinding(d.kind(), d.severity(), d.port(), d.protocol(), d.address(), StatusCalculator.cut(apply(d.source()), DriftFinding.MAX_SOURCE),
            StatusCalculator.cut(apply(d.message()), DriftFinding.MAX_MESSAGE), d.since()))
        .toList();
    return new TrackerDeploymentStatus(status.observedGeneration(), conditions, status.host(), status.endpoints(), drift, status.lastAppliedHash(), status.server(), status.failures(), status.lastHandledReconcileAt());
  }

  public StatusEvent apply(StatusEvent event) {
    return new StatusEvent(event.warning(), event.reason(), apply(event.message()));
  }
}
