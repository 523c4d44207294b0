package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Secret holding Grafana's admin user name and password (a kubernetes.io/basic-auth Secret fits). */
public record GrafanaAdminSecretRef(
    @JsonPropertyDescription("Name of the Secret, in the same namespace as the TrackerDeployment.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Formats.K8S_NAME_PATTERN)
        String name,
    @JsonPropertyDescription("Key holding the admin user name.")
        @Default("username")
        @Size(min = 1, max = 253)
        @Pattern(Formats.SECRET_KEY_PATTERN)
        String userKey,
    @JsonPropertyDescription("Key holding the admin password.")
        @Default("password")
        @Size(min = 1, max = 253)
        @Pattern(Formats.SECRET_KEY_PATTERN)
        String passwordKey) {}
