package com.torrust.operator.cli;

import com.torrust.operator.plan.GeneratedValues;
import com.torrust.operator.plan.SecretLookup;
import com.torrust.operator.plan.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For the command line only: values of the deployment's generated Secret that the manifest does not
 * carry are made up on the spot (the operator keeps its own, once, in the cluster), and listed.
 */
final class GeneratedSecrets implements SecretLookup {

  private final SecretLookup given;
  private final String generatedSecretName;
  private final List<String> generated = new ArrayList<>();

  GeneratedSecrets(SecretLookup given, String deploymentName) {
    this.given = given;
    this.generatedSecretName = SecretResolver.generatedSecretName(deploymentName);
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    Optional<String> value = given.value(secretName, key);
    if (value.isPresent() || !secretName.equals(generatedSecretName)) {
      return value;
    }
    generated.add("Secret " + secretName + " key " + key);
    return Optional.of(GeneratedValues.random());
  }

  List<String> generated() {
    return generated;
  }
}
