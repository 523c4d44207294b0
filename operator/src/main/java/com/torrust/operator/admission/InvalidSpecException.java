package com.torrust.operator.admission;

import java.util.List;
import java.util.stream.Collectors;

/** A TrackerDeployment that the API server would refuse, with every reason found. */
public final class InvalidSpecException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public InvalidSpecException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
