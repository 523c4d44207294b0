package com.torrust.operator.drift;

import com.torrust.operator.api.Protocol;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.FirewallState;
import com.torrust.operator.observe.ListeningSocket;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.PublishedPort;
import com.torrust.operator.plan.ExposedPort;
import com.torrust.operator.plan.Exposure;
import com.torrust.operator.plan.Services;
import com.torrust.operator.render.FileRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which ports are really reachable, against the exposure table. Both views are needed: a port
 * Docker publishes on IPv4 bypasses UFW, while a plain listener, a host-network container or a port
 * published on IPv6 only is public exactly when UFW lets it through.
 */
final class ExposureDrift {

  private static final String DOCKER_PROXY = "docker-proxy";
  /**
   * A cloud server takes its address by DHCP: the client's socket (UDP 68, or 546 for DHCPv6) is part of
   * every fresh server, and UFW's own before.rules let only the DHCP server's answers in. Only a named
   * client passes; an unnamed process on the port is reported as any other.
   */
  private static final Set<String> DHCP_CLIENTS = Set.of("dhclient", "systemd-networkd", "dhcpcd", "NetworkManager", "udhcpc");

  private ExposureDrift() {}

  /**
   * One socket or published port of one source: findings are merged per source, port and protocol.
   *
   * @param bypass a port Docker forwards past UFW
   */
  private record Opening(String source, int port, Protocol protocol, String address, boolean reachable, boolean bypass) {}

  static boolean dhcpClient(ListeningSocket socket) {
    return socket.protocol() == Protocol.UDP && (socket.port() == 68 || socket.port() == 546) && DHCP_CLIENTS.contains(socket.process());
  }

  static List<Finding> findings(List<ExposedPort> exposure, Observation observed) {
    FirewallState ufw = observed.firewall();
    // With Docker's IPv6 NAT on, a port published on IPv6 bypasses UFW as an IPv4 one does; without it,
    // docker-proxy takes IPv6 clients through INPUT, where UFW filters them.
    boolean ipv6Nat = observed.docker().daemon() != null && observed.facts().dockerVersion() != null
        && Ipv6Drift.missingDaemonSettings(observed).isEmpty();
    List<Opening> openings = new ArrayList<>();
    for (ContainerInfo container : observed.containers()) {
      for (PublishedPort port : container.ports()) {
        if (!port.loopback() && !plannedPublic(exposure, port.hostPort(), port.protocol())) {
          boolean ipv6Only = port.hostAddress().contains(":");
          boolean bypass = !ipv6Only || ipv6Nat;
          boolean reachable = bypass || FirewallDrift.lets(ufw, port.protocol(), port.hostPort(), true);
          openings.add(new Opening(container.name(), port.hostPort(), port.protocol(), port.hostAddress(), reachable, bypass));
        }
      }
    }
    for (ListeningSocket socket : observed.sockets()) {
      // A port a container publishes is judged above, by the container (its docker-proxy socket is not named when unneeded).
      if (socket.loopback() || DOCKER_PROXY.equals(socket.process()) || observed.publishedByContainer(socket)
          || plannedPublic(exposure, socket.port(), socket.protocol()) || dhcpClient(socket)) {
        continue;
      }
      boolean ipv6 = socket.address().contains(":");
      boolean reachable = FirewallDrift.lets(ufw, socket.protocol(), socket.port(), ipv6)
          || (socket.address().equals("*") && FirewallDrift.lets(ufw, socket.protocol(), socket.port(), !ipv6));
      openings.add(new Opening(socket.source(), socket.port(), socket.protocol(), socket.address(), reachable, false));
    }

    List<Finding> out = new ArrayList<>();
    Map<String, List<Opening>> bySource = new LinkedHashMap<>();
    openings.forEach(o -> bySource.computeIfAbsent(o.source() + "|" + o.port() + "|" + o.protocol(), k -> new ArrayList<>()).add(o));
    for (List<Opening> group : bySource.values()) {
      Opening worst = group.stream().filter(Opening::reachable).findFirst().orElse(group.get(0));
      out.add(worst.reachable() ? unexpectedPublic(worst) : unexpectedListener(worst.port(), worst.protocol(), worst.address(), worst.source()));
    }

    for (ExposedPort planned : exposure) {
      if (planned.hostPort() == null || serviceDown(planned.service(), observed)) {
        continue; // a service that is not running is reported once, as ServiceNotRunning
      }
      boolean wantLoopback = planned.exposure() == Exposure.LOCALHOST;
      boolean listening = observed.sockets().stream().anyMatch(s -> s.port() == planned.hostPort() && s.protocol() == planned.protocol()
          && s.loopback() == wantLoopback);
      if (!listening) {
        out.add(new Finding(DriftKind.ExpectedPortMissing, Severity.Warning, planned.hostPort(), planned.protocol(), planned.hostAddress(),
            planned.service(), planned.protocol() + " port " + planned.hostPort() + " (" + planned.role() + ") should listen on "
                + planned.hostAddress() + " but nothing does."));
      }
    }
    return out;
  }

  private static Finding unexpectedPublic(Opening o) {
    String why = o.bypass()
        ? " by container " + o.source() + "; Docker-published ports bypass UFW"
        : " (" + o.source() + ") and the firewall lets it through";
    return new Finding(DriftKind.UnexpectedPublicPort, Severity.Critical, o.port(), o.protocol(), o.address(), o.source(),
        o.protocol() + " port " + o.port() + " is open on " + o.address() + why + ", so it is reachable from outside."
            + " Remove it, bind it to 127.0.0.1, or list the port in spec.drift.ignore.");
  }

  /** A compose service of the plan whose container is absent or stopped (sshd is not a container). */
  private static boolean serviceDown(String service, Observation observed) {
    if (Services.SSHD.equals(service)) {
      return false;
    }
    return observed.containersOf(FileRenderer.COMPOSE_PROJECT, service).stream().noneMatch(ContainerInfo::running);
  }

  private static Finding unexpectedListener(int port, Protocol protocol, String address, String source) {
    return new Finding(DriftKind.UnexpectedListener, Severity.Warning, port, protocol, address, source,
        protocol + " port " + port + " is open on " + address + " (" + source + "); only UFW keeps it from the internet,"
            + " one rule away from public. Stop it, bind it to 127.0.0.1, or list the port in spec.drift.ignore.");
  }

  private static boolean plannedPublic(List<ExposedPort> exposure, int port, Protocol protocol) {
    return exposure.stream().anyMatch(p -> p.exposure() == Exposure.PUBLIC && p.hostPort() != null && p.hostPort() == port && p.protocol() == protocol);
  }
}
