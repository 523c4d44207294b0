package com.torrust.operator.plan;

import java.util.List;
import java.util.Map;

/**
 * One service of the compose project, as data. The compose file is rendered from these; nothing about
 * a service is decided in a template.
 *
 * @param dependsOn service name to condition (service_started, service_healthy)
 * @param networkMode "none" for a service that needs no network at all, else null
 */
public record ComposeService(
    String name,
    String image,
    List<String> command,
    Map<String, String> environment,
    List<String> ports,
    List<String> volumes,
    List<String> networks,
    String networkMode,
    Map<String, String> dependsOn,
    Healthcheck healthcheck,
    String restart,
    List<String> profiles) {

  public ComposeService {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    networks = List.copyOf(networks);
    dependsOn = Map.copyOf(dependsOn);
    profiles = List.copyOf(profiles);
  }

  /** Services in a compose profile run on demand (the backup job); all others run all the time. */
  public boolean longRunning() {
    return profiles.isEmpty();
  }
}
