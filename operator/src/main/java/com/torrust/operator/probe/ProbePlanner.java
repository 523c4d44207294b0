package com.torrust.operator.probe;

import com.torrust.operator.api.Protocol;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.plan.Exposure;
import com.torrust.operator.plan.ExposedPort;
import com.torrust.operator.plan.HostPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to try from outside, decided from the plan alone (pure): every public endpoint must answer in
 * its own protocol, and every TCP port the plan keeps local or internal, plus a bounded set of ports
 * that are dangerous when open (databases, Docker's API, metrics), must not answer at all.
 */
public final class ProbePlanner {

  /**
   * Ports that must never answer from outside unless the plan publishes them: databases, caches,
   * Docker's API, Prometheus and its exporters, the tracker's default API and health-check ports, and
   * common alternative HTTP ports. Bounded, so a probe is a handful of connection attempts, never a scan.
   */
  static final List<Integer> WATCHED_PORTS = List.of(1212, 1313, 2375, 2376, 3000, 3306, 5432, 6379, 8080, 8443, 9090, 9100, 11211, 27017);

  private ProbePlanner() {}

  public static List<ProbeTarget> plan(HostPlan plan, TrackerDeploymentSpec spec) {
    List<ProbeTarget> targets = new ArrayList<>();
    Set<Integer> publicTcp = new TreeSet<>();
    for (ExposedPort port : plan.exposure()) {
      if (port.exposure() == Exposure.PUBLIC && port.hostPort() != null && port.protocol() == Protocol.TCP) {
        publicTcp.add(port.hostPort());
      }
    }
    for (ExposedPort port : plan.exposure()) {
      if (port.exposure() != Exposure.PUBLIC || port.hostPort() == null) {
        continue;
      }
      switch (port.role()) {
        case "udp-tracker" -> targets.add(new ProbeTarget(ProbeTarget.Check.UdpTracker, port.hostPort(), null, port.role()));
        case "http-tracker" -> targets.add(new ProbeTarget(ProbeTarget.Check.HttpTracker, port.hostPort(), null, port.role()));
        case "http-api" -> targets.add(new ProbeTarget(ProbeTarget.Check.HttpApi, port.hostPort(), null, port.role()));
        case "grafana" -> targets.add(new ProbeTarget(ProbeTarget.Check.Grafana, port.hostPort(), null, port.role()));
        default -> { } // sshd (the operator's own connection shows it), Caddy's ports (tried below by domain)
      }
    }
    // Behind the TLS proxy: each service by its domain on 443, so the certificate is checked too.
    for (var http : nullToEmpty(spec.tracker().httpTrackers())) {
      if (Boolean.TRUE.equals(http.tls())) {
        targets.add(new ProbeTarget(ProbeTarget.Check.HttpTracker, 443, http.domain(), "http-tracker"));
      }
    }
    if (spec.tracker().httpApi() != null && Boolean.TRUE.equals(spec.tracker().httpApi().tls())) {
      targets.add(new ProbeTarget(ProbeTarget.Check.HttpApi, 443, spec.tracker().httpApi().domain(), "http-api"));
    }
    if (spec.grafana() != null && Boolean.TRUE.equals(spec.grafana().tls()) && com.torrust.operator.plan.Services.grafana(spec)) {
      targets.add(new ProbeTarget(ProbeTarget.Check.Grafana, 443, spec.grafana().domain(), "grafana"));
    }
    // HTTP/3 where Caddy offers it: its UDP 443 must answer QUIC, or browsers and clients fall back to TCP.
    for (ExposedPort port : plan.exposure()) {
      if (port.exposure() == Exposure.PUBLIC && port.hostPort() != null && port.protocol() == Protocol.UDP && port.role().equals("http3")) {
        targets.add(new ProbeTarget(ProbeTarget.Check.Http3, port.hostPort(), null, port.role()));
      }
    }
    Set<Integer> closed = new LinkedHashSet<>();
    for (ExposedPort port : plan.exposure()) {
      if (port.exposure() != Exposure.PUBLIC && port.protocol() == Protocol.TCP) {
        int number = port.hostPort() != null ? port.hostPort() : port.containerPort();
        if (!publicTcp.contains(number) && closed.add(number)) {
          targets.add(new ProbeTarget(ProbeTarget.Check.MustNotAnswer, number, null, port.role()));
        }
      }
    }
    for (int port : WATCHED_PORTS) {
      if (!publicTcp.contains(port) && closed.add(port)) {
        targets.add(new ProbeTarget(ProbeTarget.Check.MustNotAnswer, port, null, "unplanned"));
      }
    }
    return List.copyOf(targets);
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
