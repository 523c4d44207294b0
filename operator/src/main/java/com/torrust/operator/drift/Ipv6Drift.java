package com.torrust.operator.drift;

import com.torrust.operator.observe.DockerNetworking;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.DockerNetwork;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.render.FileRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether IPv6 clients reach the deployment from their own address (spec.host.ipv6): the host has
 * IPv6, the Docker engine forwards published ports over IPv6 NAT, and the project's networks have
 * their planned IPv6 subnets. Without all three, every IPv6 announce is recorded under one bridge
 * address (moby/moby#17666), which breaks the swarm for IPv6 peers.
 */
public final class Ipv6Drift {

  private Ipv6Drift() {}

  static List<Finding> findings(HostPlan plan, Observation observed) {
    if (!plan.ipv6()) {
      return List.of();
    }
    DockerNetworking docker = observed.docker();
    List<Finding> out = new ArrayList<>();
    if (Boolean.FALSE.equals(docker.hostIpv6())) {
      out.add(finding("host", "The spec serves IPv6 clients (spec.host.ipv6 is true), but the host's kernel has IPv6 turned off, so"
          + " Docker cannot give the deployment's networks IPv6. Turn IPv6 on, or set spec.host.ipv6: false."));
      return out;
    }
    Map<String, Boolean> missing = missingDaemonSettings(observed);
    if (!missing.isEmpty()) {
      out.add(finding("docker", "Docker's IPv6 NAT is off (/etc/docker/daemon.json lacks " + settings(missing) + "), so IPv6 clients reach"
          + " published ports through docker-proxy and the tracker records one bridge address for all of them. apply sets it and"
          + " restarts the Docker engine once."));
    }
    for (DockerNetwork network : staleNetworks(plan, observed)) {
      out.add(finding("network " + network.name(), "Docker network " + network.name() + " has no IPv6 subnet " + network.ipv6Subnet()
          + ", so containers on it have no IPv6 address. apply recreates the project's networks (its containers restart)."));
    }
    return out;
  }

  /** The daemon.json settings IPv6 NAT needs and the host lacks; empty when unknown (a problem says why) or nothing is missing. */
  public static Map<String, Boolean> missingDaemonSettings(Observation observed) {
    DockerNetworking docker = observed.docker();
    if (docker.daemon() == null || observed.facts().dockerVersion() == null) {
      return Map.of();
    }
    return docker.daemon().missingForIpv6Nat(observed.facts().dockerVersion());
  }

  /** Planned IPv6 networks that Docker has without IPv6 or with another subnet: compose cannot change them in place. */
  public static List<DockerNetwork> staleNetworks(HostPlan plan, Observation observed) {
    List<DockerNetworking.ObservedNetwork> present = observed.docker().networksOf(FileRenderer.COMPOSE_PROJECT);
    if (present == null) {
      return List.of();
    }
    List<DockerNetwork> stale = new ArrayList<>();
    for (DockerNetwork network : plan.networks()) {
      present.stream().filter(n -> n.name().equals(network.name())).findFirst()
          .filter(n -> network.ipv6() && (!n.ipv6() || !n.subnets().contains(network.ipv6Subnet())))
          .ifPresent(n -> stale.add(network));
    }
    return stale;
  }

  static String settings(Map<String, Boolean> settings) {
    List<String> words = new ArrayList<>();
    settings.forEach((k, v) -> words.add("\"" + k + "\": " + v));
    return String.join(" and ", words);
  }

  private static Finding finding(String source, String message) {
    return new Finding(DriftKind.Ipv6ClientAddressLost, Severity.Warning, null, null, null, source, message);
  }
}
