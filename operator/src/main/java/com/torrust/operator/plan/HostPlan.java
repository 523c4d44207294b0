package com.torrust.operator.plan;

import java.util.List;

/**
 * What the host must look like, minus file contents: exposure table, firewall, networks, compose
 * services and directories, and whether automatic security updates are on. It holds no secret, so
 * it can be shown and stored anywhere.
 */
public record HostPlan(
    String deploymentName,
    DeployLayout layout,
    List<ExposedPort> exposure,
    FirewallPlan firewall,
    List<DockerNetwork> networks,
    List<ComposeService> services,
    List<PlannedDirectory> directories,
    boolean securityUpdates,
    ImagePolicy images) {

  public HostPlan {
    images = images == null ? ImagePolicy.DEFAULT : images;
    exposure = List.copyOf(exposure);
    networks = List.copyOf(networks);
    services = List.copyOf(services);
    directories = List.copyOf(directories);
  }

  public HostPlan(String deploymentName, DeployLayout layout, List<ExposedPort> exposure, FirewallPlan firewall, List<DockerNetwork> networks,
      List<ComposeService> services, List<PlannedDirectory> directories, boolean securityUpdates) {
    this(deploymentName, layout, exposure, firewall, networks, services, directories, securityUpdates, ImagePolicy.DEFAULT);
  }

  /** Whether the deployment serves IPv6 clients natively (spec.host.ipv6): its networks then have IPv6. */
  public boolean ipv6() {
    return networks.stream().anyMatch(DockerNetwork::ipv6);
  }

  public java.util.Optional<ComposeService> service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
