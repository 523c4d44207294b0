package com.torrust.operator.drift;

import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.render.FileRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The deployment's containers against its compose services. */
final class ServiceDrift {

  private ServiceDrift() {}

  static List<Finding> findings(HostPlan plan, List<ContainerInfo> containers) {
    List<Finding> out = new ArrayList<>();
    List<ContainerInfo> ours = containers.stream().filter(c -> FileRenderer.COMPOSE_PROJECT.equals(c.composeProject())).toList();
    for (ComposeService service : plan.services()) {
      if (!service.longRunning()) {
        continue; // runs on demand (the backup job), not all the time
      }
      // A running container of the service if there is one, else any (to report its state).
      Optional<ContainerInfo> container = ours.stream()
          .filter(c -> service.name().equals(c.composeService())).min(java.util.Comparator.comparing(c -> !c.running()));
      if (container.isEmpty()) {
        out.add(new Finding(DriftKind.ServiceNotRunning, Severity.Critical, null, null, null, service.name(),
            "Service " + service.name() + " has no container."));
        continue;
      }
      ContainerInfo c = container.get();
      if (!c.running()) {
        out.add(new Finding(DriftKind.ServiceNotRunning, Severity.Critical, null, null, null, c.name(),
            "Service " + service.name() + " is " + c.state() + " (container " + c.name() + ")."));
      } else if ("unhealthy".equals(c.health())) {
        out.add(new Finding(DriftKind.ServiceUnhealthy, Severity.Warning, null, null, null, c.name(),
            "Service " + service.name() + " fails its health check (container " + c.name() + ")."));
      }
      if (!service.image().equals(c.image())) {
        out.add(new Finding(DriftKind.ImageMismatch, Severity.Warning, null, null, null, c.name(),
            "Service " + service.name() + " runs image " + c.image() + ", not the planned " + service.image() + "."));
      }
    }
    for (ContainerInfo c : ours) {
      boolean planned = plan.services().stream().anyMatch(s -> s.name().equals(c.composeService()));
      if (!planned) {
        out.add(new Finding(DriftKind.ContainerUnexpected, Severity.Warning, null, null, null, c.name(),
            "Container " + c.name() + " belongs to the compose project " + FileRenderer.COMPOSE_PROJECT + " but its service "
                + c.composeService() + " is not in the plan."));
      }
    }
    return out;
  }
}
