package com.torrust.operator.reconcile;

/** A Kubernetes Event the operator records on a TrackerDeployment: Normal or Warning, a CamelCase reason, a message. */
public record StatusEvent(boolean warning, String reason, String message) {

  public static StatusEvent normal(String reason, String message) {
    return new StatusEvent(false, reason, message);
  }

  public static StatusEvent warning(String reason, String message) {
    return new StatusEvent(true, reason, message);
  }
}
