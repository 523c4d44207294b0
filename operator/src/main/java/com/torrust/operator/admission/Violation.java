package com.torrust.operator.admission;

/**
 * One reason a TrackerDeployment is invalid.
 *
 * @param field where, as a path like {@code spec.tracker.udpTrackers[0].port}
 * @param message what is wrong, in words; never echoes a value that could be a secret
 */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
