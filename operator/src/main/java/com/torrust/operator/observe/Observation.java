package com.torrust.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * Everything one check saw on the host: one remote command, and a second only to name the owners of
 * listening sockets when one may have to be reported (see {@link ListenerOwners}).
 *
 * @param clientAddress the address the observing SSH connection comes from, or null if unknown
 * @param installedPackages the installed packages among {@link ObservationScript#PACKAGES}, or null when
 *     the host has no dpkg (then nothing is concluded about packages)
 * @param leftovers temporary files an interrupted atomic write left next to a planned file
 * @param problems what could not be read (a missing tool, an unparsable line): never fatal, reported
 * @param docker the host's IPv6, the Docker engine's settings and the project's networks
 * @param limits the limits of every compose project's containers, by container name, and what the kernel enforces; null when they could not be read
 * @param images the image each container runs, the deploy-time record and the scans; null when they could not be read
 * @param ownerMarker what the owner marker says ({@link ObservationScript#OWNER_MARKER_FUNCTION}: "owner NAME", "none" or
 *     "odd WHY"), or null when it could not be read; judged by converge.HostClaim
 */
public record Observation(
    HostFacts facts,
    FirewallState firewall,
    List<ListeningSocket> sockets,
    List<ContainerInfo> containers,
    Map<String, ObservedFile> files,
    SshdSettings sshd,
    String clientAddress,
    List<String> installedPackages,
    List<String> leftovers,
    List<String> problems,
    DockerNetworking docker,
    ContainerLimits.Report limits,
    ImageState images,
    String ownerMarker) {

  public Observation {
    sockets = List.copyOf(sockets);
    containers = List.copyOf(containers);
    files = Map.copyOf(files);
    problems = List.copyOf(problems);
    leftovers = List.copyOf(leftovers);
    installedPackages = installedPackages == null ? null : List.copyOf(installedPackages);
    docker = docker == null ? DockerNetworking.UNKNOWN : docker;
  }

  public Observation(HostFacts facts, FirewallState firewall, List<ListeningSocket> sockets, List<ContainerInfo> containers,
      Map<String, ObservedFile> files, SshdSettings sshd, String clientAddress, List<String> installedPackages, List<String> leftovers,
      List<String> problems, DockerNetworking docker, ContainerLimits.Report limits, ImageState images) {
    this(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, docker, limits, images, null);
  }

  public Observation(HostFacts facts, FirewallState firewall, List<ListeningSocket> sockets, List<ContainerInfo> containers,
      Map<String, ObservedFile> files, SshdSettings sshd, String clientAddress, List<String> installedPackages, List<String> leftovers,
      List<String> problems, DockerNetworking docker, ContainerLimits.Report limits) {
    this(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, docker, limits, null);
  }

  public Observation(HostFacts facts, FirewallState firewall, List<ListeningSocket> sockets, List<ContainerInfo> containers,
      Map<String, ObservedFile> files, SshdSettings sshd, String clientAddress, List<String> installedPackages, List<String> leftovers,
      List<String> problems, DockerNetworking docker) {
    this(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, docker, null);
  }

  public Observation(HostFacts facts, FirewallState firewall, List<ListeningSocket> sockets, List<ContainerInfo> containers,
      Map<String, ObservedFile> files, SshdSettings sshd, String clientAddress, List<String> installedPackages, List<String> leftovers,
      List<String> problems) {
    this(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, DockerNetworking.UNKNOWN, null);
  }

  /** The same observation with other container limits. */
  public Observation withLimits(ContainerLimits.Report next) {
    return new Observation(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, docker, next, images, ownerMarker);
  }

  /** The same observation with another images side. */
  public Observation withImages(ImageState next) {
    return new Observation(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, docker, limits, next, ownerMarker);
  }

  /** The same observation with another view of Docker's networking. */
  public Observation withDocker(DockerNetworking next) {
    return new Observation(facts, firewall, sockets, containers, files, sshd, clientAddress, installedPackages, leftovers, problems, next, limits, images, ownerMarker);
  }

  /** The same observation with other sockets (named ones) and more problems. */
  Observation withSockets(List<ListeningSocket> named, List<String> moreProblems) {
    List<String> all = new java.util.ArrayList<>(problems);
    all.addAll(moreProblems);
    return new Observation(facts, firewall, named, containers, files, sshd, clientAddress, installedPackages, leftovers, all, docker, limits, images, ownerMarker);
  }

  /** Whether a socket is one a container publishes (docker-proxy's): judged by the container's ports, not by itself. */
  public boolean publishedByContainer(ListeningSocket socket) {
    return containers.stream().flatMap(c -> c.ports().stream()).anyMatch(p -> p.heldBy(socket));
  }

  /** The containers of one service of a compose project, running ones first. */
  public List<ContainerInfo> containersOf(String project, String service) {
    return containers.stream()
        .filter(c -> project.equals(c.composeProject()) && service.equals(c.composeService()))
        .sorted(java.util.Comparator.comparing(c -> !c.running()))
        .toList();
  }
}
