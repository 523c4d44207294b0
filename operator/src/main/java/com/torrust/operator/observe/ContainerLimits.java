package com.torrust.operator.observe;

/**
 * The limits a container runs with, as Docker records them (docker inspect's HostConfig).
 *
 * @param memory bytes, 0 for none
 * @param memorySwap memory plus swap in bytes, -1 for unlimited swap, 0 when not set
 * @param nanoCpus billionths of a CPU, 0 for none
 */
public record ContainerLimits(long memory, long memorySwap, long nanoCpus) {

  /**
   * Which limits the host's kernel lets Docker enforce (docker info): without, Docker drops a memory
   * limit (Memory 0) or a swap limit (MemorySwap -1) when it starts the container.
   */
  public record Enforced(boolean memory, boolean swap) {
    public static final Enforced ALL = new Enforced(true, true);
  }

  /** What one look read: the enforcement and every compose project container's limits by name. */
  public record Report(Enforced enforced, java.util.Map<String, ContainerLimits> byContainer) {
    public Report {
      byContainer = java.util.Map.copyOf(byContainer);
    }
  }
}
