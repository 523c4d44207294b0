package com.torrust.operator.drift;

import com.torrust.operator.api.Protocol;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.FirewallState;
import com.torrust.operator.observe.ListeningSocket;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.PublishedPort;
import com.torrust.operator.plan.ExposedPort;
import com.torrust.operator.plan.Exposure;
import java.util.ArrayList;
import java.util.List;

/**
 * Which ports are really reachable, against the exposure table. Both views are needed: a port
 * Docker publishes on IPv4 bypasses UFW, while a plain listener, a host-network container or a port
 * published on IPv6 only is public exactly when UFW lets it through.
 */
final class ExposureDrift {

  private static final String DOCKER_PROXY = "docker-proxy";

  private ExposureDrift() {}

  static List<Finding> findings(List<ExposedPort> exposure, Observation observed) {
    List<Finding> out = new ArrayList<>();
    FirewallState ufw = observed.firewall();
    for (ContainerInfo container : observed.containers()) {
      for (PublishedPort port : container.ports()) {
        if (port.loopback() || plannedPublic(exposure, port.hostPort(), port.protocol())) {
          continue;
        }
        boolean ipv6Only = port.hostAddress().contains(":");
        boolean reachable = !ipv6Only || FirewallDrift.lets(ufw, port.protocol(), port.hostPort(), true);
        out.add(reachable
            ? new Finding(DriftKind.UnexpectedPublicPort, Severity.Critical, port.hostPort(), port.protocol(), port.hostAddress(), container.name(),
                port.protocol() + " port " + port.hostPort() + " is published on " + port.hostAddress() + " by container " + container.name()
                    + (ipv6Only ? " and UFW allows it" : "; Docker-published ports bypass UFW") + ", so it is reachable from outside."
                    + " Remove the port binding, or list the port in spec.drift.ignore.")
            : unexpectedListener(port.hostPort(), port.protocol(), port.hostAddress(), container.name()));
      }
    }
    for (ListeningSocket socket : observed.sockets()) {
      if (socket.loopback() || DOCKER_PROXY.equals(socket.process()) || plannedPublic(exposure, socket.port(), socket.protocol())) {
        continue;
      }
      boolean ipv6 = socket.address().contains(":");
      boolean reachable = FirewallDrift.lets(ufw, socket.protocol(), socket.port(), ipv6)
          || (socket.address().equals("*") && FirewallDrift.lets(ufw, socket.protocol(), socket.port(), !ipv6));
      out.add(reachable
          ? new Finding(DriftKind.UnexpectedPublicPort, Severity.Critical, socket.port(), socket.protocol(), socket.address(), socket.source(),
              socket.protocol() + " port " + socket.port() + " is open on " + socket.address() + " (" + socket.source()
                  + ") and the firewall lets it through, so it is reachable from outside. Stop the process, bind it to"
                  + " 127.0.0.1, or list the port in spec.drift.ignore.")
          : unexpectedListener(socket.port(), socket.protocol(), socket.address(), socket.source()));
    }
    for (ExposedPort planned : exposure) {
      if (planned.hostPort() == null) {
        continue;
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

  private static Finding unexpectedListener(int port, Protocol protocol, String address, String source) {
    return new Finding(DriftKind.UnexpectedListener, Severity.Warning, port, protocol, address, source,
        protocol + " port " + port + " is open on " + address + " (" + source + "); only UFW keeps it from the internet,"
            + " one rule away from public. Stop it, bind it to 127.0.0.1, or list the port in spec.drift.ignore.");
  }

  private static boolean plannedPublic(List<ExposedPort> exposure, int port, Protocol protocol) {
    return exposure.stream().anyMatch(p -> p.exposure() == Exposure.PUBLIC && p.hostPort() != null && p.hostPort() == port && p.protocol() == protocol);
  }
}
