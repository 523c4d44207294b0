package com.torrust.operator.plan;

import java.util.List;

/** Secrets the spec references that do not exist (or lack the key). Names them, never values. */
public final class MissingSecretsException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<String> missing;

  public MissingSecretsException(List<String> missing) {
    super("missing secret values: " + String.join(", ", missing));
    this.missing = List.copyOf(missing);
  }

  /** Each as "Secret NAME key KEY (for PURPOSE)". */
  public List<String> missing() {
    return missing;
  }
}
