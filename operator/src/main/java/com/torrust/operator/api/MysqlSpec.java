package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The MySQL container, used when tracker.database.driver is MySQL. Never published on the host. */
@ValidationRule(
    value = Formats.IMAGE_PINNED_RULE,
    message = Formats.IMAGE_PINNED_MESSAGE,
    fieldPath = ".image")
public record MysqlSpec(
    @JsonPropertyDescription("MySQL image, pinned by default.")
        @Default(Images.MYSQL)
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String image) {}
