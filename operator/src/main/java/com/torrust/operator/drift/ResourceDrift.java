package com.torrust.operator.drift;

import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.ContainerLimits;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.Limits;
import com.torrust.operator.render.FileRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether each running container has its planned memory and CPU limits (docker inspect's HostConfig):
 * a container whose limits were changed (docker update) or removed can take the VM again.
 */
public final class ResourceDrift {

  private ResourceDrift() {}

  static List<Finding> findings(HostPlan plan, Observation observed) {
    List<Finding> out = new ArrayList<>();
    if (observed.limits() != null && !observed.limits().enforced().memory() && plan.services().stream().anyMatch(s -> s.limits() != null)) {
      out.add(new Finding(DriftKind.ResourceLimitsDiffer, Severity.Warning, null, null, null, "docker",
          "The host's kernel does not let Docker enforce memory limits (docker info: MemoryLimit false, no memory cgroup), so every"
              + " service can take the whole VM. Turn the memory cgroup on (cgroup_enable=memory) and reboot."));
    }
    for (Differing d : differing(plan, observed)) {
      out.add(new Finding(DriftKind.ResourceLimitsDiffer, Severity.Warning, null, null, null, d.container(),
          "Container " + d.container() + " runs with " + describe(d.seen()) + "; the plan says " + d.planned().describe()
              + ". apply recreates it with the planned limits."));
    }
    return out;
  }

  /** A running container of a planned service and the limits it should have. */
  public record Differing(String service, String container, Limits planned, ContainerLimits seen) {}

  /** The running containers of the project whose limits differ from their service's plan; empty when limits were not read. */
  public static List<Differing> differing(HostPlan plan, Observation observed) {
    List<Differing> out = new ArrayList<>();
    if (observed.limits() == null) {
      return out;
    }
    for (ComposeService service : plan.services()) {
      if (!service.longRunning() || service.limits() == null) {
        continue;
      }
      for (ContainerInfo container : observed.containersOf(FileRenderer.COMPOSE_PROJECT, service.name())) {
        ContainerLimits seen = observed.limits().byContainer().get(container.name());
        if (container.running() && seen != null && !matches(service.limits(), seen, observed.limits().enforced())) {
          out.add(new Differing(service.name(), container.name(), service.limits(), seen));
        }
      }
    }
    return out;
  }

  /** What Docker drops when the kernel cannot enforce it (a memory or swap limit) cannot differ: recreating would not bring it back. */
  static boolean matches(Limits planned, ContainerLimits seen, ContainerLimits.Enforced enforced) {
    boolean memory = !enforced.memory() || seen.memory() == planned.memoryBytes();
    boolean swap = !enforced.memory() || !enforced.swap() || seen.memorySwap() == planned.memoryBytes();
    return memory && swap && seen.nanoCpus() == planned.nanoCpus();
  }

  static String describe(ContainerLimits seen) {
    String memory = seen.memory() == 0 ? "no memory limit" : seen.memory() / (1024 * 1024) + "Mi of memory";
    String swap = seen.memory() != 0 && seen.memorySwap() != seen.memory() ? (seen.memorySwap() < 0 ? " plus unlimited swap" : " plus swap") : "";
    String cpus = seen.nanoCpus() == 0 ? ", no CPU limit" : ", " + Limits.cpus(seen.nanoCpus()) + " CPU";
    return memory + swap + cpus;
  }
}
