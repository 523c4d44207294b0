package com.torrust.operator.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One service of the compose project, as data. The compose file is rendered from these; nothing about
 * a service is decided in a template.
 *
 * @param dependsOn service name to condition (service_started, service_healthy)
 * @param networkMode "none" for a service that needs no network at all, else null
 * @param sysctls kernel settings of the service's own network namespace
 * @param limits its memory and CPU limits, or null for none
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
    List<String> profiles,
    Map<String, String> sysctls,
    Limits limits) {

  public ComposeService {
    command = List.copyOf(command);
    // Sorted: Map.copyOf iterates in an order that changes from one JVM to the next, and the rendered
    // compose file must be the same bytes after an operator restart, or every host is recreated.
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    networks = List.copyOf(networks);
    dependsOn = Collections.unmodifiableSortedMap(new TreeMap<>(dependsOn));
    profiles = List.copyOf(profiles);
    sysctls = Collections.unmodifiableSortedMap(new TreeMap<>(sysctls));
  }

  public ComposeService(String name, String image, List<String> command, Map<String, String> environment, List<String> ports,
      List<String> volumes, List<String> networks, String networkMode, Map<String, String> dependsOn, Healthcheck healthcheck,
      String restart, List<String> profiles) {
    this(name, image, command, environment, ports, volumes, networks, networkMode, dependsOn, healthcheck, restart, profiles, Map.of(), null);
  }

  public ComposeService(String name, String image, List<String> command, Map<String, String> environment, List<String> ports,
      List<String> volumes, List<String> networks, String networkMode, Map<String, String> dependsOn, Healthcheck healthcheck,
      String restart, List<String> profiles, Map<String, String> sysctls) {
    this(name, image, command, environment, ports, volumes, networks, networkMode, dependsOn, healthcheck, restart, profiles, sysctls, null);
  }

  /** The same service with these limits. */
  public ComposeService withLimits(Limits next) {
    return new ComposeService(name, image, command, environment, ports, volumes, networks, networkMode, dependsOn, healthcheck, restart,
        profiles, sysctls, next);
  }

  /** Services in a compose profile run on demand (the backup job); all others run all the time. */
  public boolean longRunning() {
    return profiles.isEmpty();
  }
}
