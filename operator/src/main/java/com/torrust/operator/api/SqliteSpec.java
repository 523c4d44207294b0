package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The SQLite database file. */
@ValidationRule(value = "!self.name.contains('..')", message = "must not contain '..'", fieldPath = ".name")
public record SqliteSpec(
    @JsonPropertyDescription("File name of the database in the tracker's storage directory (no directory part).")
        @Default("tracker.db")
        @Size(min = 1, max = 64)
        @Pattern(Formats.FILE_NAME_PATTERN)
        String name) {}
