package com.torrust.operator.reconcile;

import com.torrust.operator.plan.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/** Secret values from the Kubernetes Secrets of the deployment's namespace, as the operator's cache holds them. */
final class ClusterSecrets implements SecretLookup {

  private final Function<String, Optional<Secret>> byName;

  ClusterSecrets(Function<String, Optional<Secret>> byName) {
    this.byName = byName;
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    return byName.apply(secretName).flatMap(secret -> value(secret, key));
  }

  /** stringData first: a real API server folds it into data, a test server may not. */
  static Optional<String> value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }
}
