package com.torrust.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * A container on the host.
 *
 * @param state created, running, restarting, exited, paused, dead
 * @param health healthy, unhealthy, starting, or null without a health check
 */
public record ContainerInfo(
    String name, String image, String state, String health, List<PublishedPort> ports, List<String> networks, Map<String, String> labels) {

  public ContainerInfo {
    ports = List.copyOf(ports);
    networks = List.copyOf(networks);
    labels = Map.copyOf(labels);
  }

  public String composeProject() {
    return labels.get("com.docker.compose.project");
  }

  public String composeService() {
    return labels.get("com.docker.compose.service");
  }

  public boolean running() {
    return "running".equals(state);
  }
}
