package com.torrust.operator.plan;

import java.util.Optional;

/** Where secret values come from: Kubernetes Secrets in the operator, files or manifests in the CLI. */
@FunctionalInterface
public interface SecretLookup {

  /** The value of {@code key} in the Secret {@code secretName}, if both exist. */
  Optional<String> value(String secretName, String key);
}
