package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Automatic security updates of the host's packages (unattended-upgrades), as the old tool set them up. */
public record SecurityUpdatesSpec(
    @JsonPropertyDescription(
            "Install security updates automatically (unattended-upgrades). When false, the operator writes the"
                + " configuration that turns them off.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("Reboot automatically when an update needs it, at rebootTime.") @Default("true")
        Boolean automaticReboot,
    @JsonPropertyDescription("Time of day (HH:MM, host time zone) for an automatic reboot.")
        @Default("02:00")
        @Size(max = 5)
        @Pattern(Formats.TIME_OF_DAY_PATTERN)
        String rebootTime) {}
