package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How much of the host one service may take: a container that exceeds its memory is killed, not the host. */
public record ServiceResources(
    @JsonPropertyDescription("Memory limit, in Mi or Gi (at least 6Mi, Docker's minimum), e.g. 512Mi. Swap is not allowed on top"
            + " of it. Leave out for the default of the service.")
        @Size(max = 8)
        @Pattern(Formats.MEMORY_PATTERN)
        String memory,
    @JsonPropertyDescription("CPU limit, in CPUs with at most two decimals (0.5 is half a core). Leave out for the default of the"
            + " service; 0 is not allowed (leave the tracker's out for no limit).")
        @Size(max = 6)
        @Pattern(Formats.CPUS_PATTERN)
        String cpus) {}
