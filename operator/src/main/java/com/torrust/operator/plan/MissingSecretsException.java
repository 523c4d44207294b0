package com.torrust.operator.plan;

import java.util.List;

/**
 * Secret values the spec references that do not exist (or lack the key), or exist but cannot be used
 * (a control character would break the files they go into). Names them, never values.
 */
public final class MissingSecretsException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<String> missing;
  private final transient List<String> unusable;

  public MissingSecretsException(List<String> missing) {
    this(missing, List.of());
  }

  public MissingSecretsException(List<String> missing, List<String> unusable) {
    super(describe(missing, unusable));
    this.missing = List.copyOf(missing);
    this.unusable = List.copyOf(unusable);
  }

  private static String describe(List<String> missing, List<String> unusable) {
    String notFound = missing.isEmpty() ? "" : "missing secret values: " + String.join(", ", missing);
    String bad = unusable.isEmpty() ? "" : "unusable secret values: " + String.join(", ", unusable);
    return notFound.isEmpty() ? bad : bad.isEmpty() ? notFound : notFound + "; " + bad;
  }

  /** Each as "Secret NAME key KEY (PURPOSE) contains ..., which ...". */
  public List<String> unusable() {
    return unusable;
  }

  /** Each as "Secret NAME key KEY (for PURPOSE)". */
  public List<String> missing() {
    return missing;
  }
}
