package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Scheduled backups of the database and configuration, run by cron on the host. The tracker is
 * stopped while a backup runs.
 */
@ValidationRule(
    value = "!self.enabled || has(self.image)",
    message = "image is required when backups are enabled: torrust/tracker-backup has no version tags (only"
        + " latest, main, develop and sha-<commit>), so pin the build you have checked by its @sha256 digest",
    fieldPath = ".image")
@ValidationRule(
    value = Formats.IMAGE_PINNED_RULE,
    message = Formats.IMAGE_PINNED_MESSAGE,
    fieldPath = ".image")
public record BackupSpec(
    @JsonPropertyDescription("Run scheduled backups. Leaving out the whole backup section also turns them off.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("When to back up, as five numeric cron fields in the host's time zone.")
        @Default("0 3 * * *")
        @Size(max = 100)
        @Pattern(Formats.CRON_PATTERN)
        String schedule,
    @JsonPropertyDescription("How many days backups are kept.") @Default("7") @Min(1) @Max(3650)
        Integer retentionDays,
    @JsonPropertyDescription(
            "Backup container image (torrust/tracker-backup or your own build), pinned by an @sha256 digest or a"
                + " tag that never moves (torrust/tracker-backup publishes sha-<commit> tags, no versions). It runs"
                + " as uid 1000, like the tracker. Required when enabled.")
        @Size(max = 255)
        @Pattern(Formats.IMAGE_PATTERN)
        String image) {}
