package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The tracker's MySQL database, served by the managed MySQL container. */
@ValidationRule(
    value = "!self.user.matches(r'^[Rr][Oo][Oo][Tt]$')",
    message = "must not be root: the tracker gets its own MySQL user",
    fieldPath = ".user")
public record MysqlDatabaseSpec(
    @JsonPropertyDescription("Name of the database the tracker uses.")
        @Default("torrust_tracker")
        @Size(min = 1, max = 32)
        @Pattern(Formats.MYSQL_NAME_PATTERN)
        String databaseName,
    @JsonPropertyDescription("MySQL user the tracker connects as. Must not be root.")
        @Default("torrust")
        @Size(min = 1, max = 32)
        @Pattern(Formats.MYSQL_NAME_PATTERN)
        String user,
    @JsonPropertyDescription("Secret key holding the password of the MySQL user.") @Required
        SecretKeyRef passwordSecretRef,
    @JsonPropertyDescription(
            "Secret key holding the MySQL root password. When empty, the operator generates one once and keeps it"
                + " in the Secret <name>-generated.")
        SecretKeyRef rootPasswordSecretRef) {}
