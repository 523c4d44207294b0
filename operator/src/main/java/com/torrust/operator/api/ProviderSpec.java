package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where the host comes from. A union keyed by {@code type}: each cloud provider adds its own member
 * object next to {@code type}.
 */
@ValidationRule(value = "self.type == 'Hetzner' ? has(self.hetzner) : !has(self.hetzner)",
    messageExpression = "self.type == 'Hetzner' ? 'hetzner is required when type is Hetzner'"
        + " : 'hetzner is only allowed when type is Hetzner'")
public record ProviderSpec(
    @JsonPropertyDescription(
            "Existing (default): a machine that already runs, reached at host.address; the operator never creates or"
                + " deletes it. Hetzner: the operator creates a server in Hetzner Cloud (spec.provider.hetzner),"
                + " pins its SSH host key from birth and reaches it at the address Hetzner assigned.")
        @Default("Existing")
        ProviderType type,
    @JsonPropertyDescription("The Hetzner Cloud server to create. Required exactly when type is Hetzner.")
        HetznerSpec hetzner) {

  /** Whether the operator creates the host itself. */
  public boolean createsHost() {
    return type == ProviderType.Hetzner;
  }
}
