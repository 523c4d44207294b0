package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** The tracker's database: a union keyed by {@code driver}. */
@ValidationRule(
    value = "self.driver == 'MySQL' ? has(self.mysql) : !has(self.mysql)",
    message = "mysql must be set exactly when driver is MySQL")
public record DatabaseSpec(
    @JsonPropertyDescription("Sqlite (a file on the host) or MySQL (a managed MySQL container).")
        @Default("Sqlite")
        DatabaseDriver driver,
    @JsonPropertyDescription("SQLite settings, used when driver is Sqlite (ignored otherwise).") @Default("{}") SqliteSpec sqlite,
    @JsonPropertyDescription("MySQL settings, required when driver is MySQL.") MysqlDatabaseSpec mysql) {}
