package com.torrust.operator.observe;

/**
 * The limits a container runs with, as Docker records them (docker inspect's HostConfig).
 *
 * @param memory bytes, 0 for none
 * @param memorySwap memory plus swap in bytes, -1 for unlimited swap, 0 when not set
 * @param nanoCpus billionths of a CPU, 0 for none
 */
public record ContainerLimits(long memory, long memorySwap, long nanoCpus) {}
