package com.torrust.operator.plan;

import com.torrust.operator.api.Endpoint;
import com.torrust.operator.api.GrafanaSpec;
import com.torrust.operator.api.HttpApiSpec;
import com.torrust.operator.api.HttpTrackerSpec;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.api.UdpTrackerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The public endpoints of a deployment, as its users reach them: announce URLs of the trackers, the
 * API and Grafana. Services behind the TLS proxy are reached by their domain on 443; the others by
 * their domain when one is given, else by the host address.
 */
public final class Endpoints {

  private Endpoints() {}

  public static List<Endpoint> of(TrackerDeploymentSpec spec) {
    // Without an address (provider Hetzner before the server exists, in offline renders) the URLs say so.
    String address = spec.host().address() != null ? spec.host().address() : "SERVER-ADDRESS";
    List<Endpoint> out = new ArrayList<>();
    for (UdpTrackerSpec udp : nullToEmpty(spec.tracker().udpTrackers())) {
      if (!ExposedPort.isLoopback(udp.bindAddress())) {
        out.add(new Endpoint("udp-tracker", "UDP", udp.port(), "udp://" + hostPort(name(udp.domain(), address), udp.port()) + "/announce"));
      }
    }
    for (HttpTrackerSpec http : nullToEmpty(spec.tracker().httpTrackers())) {
      if (Boolean.TRUE.equals(http.tls())) {
        out.add(new Endpoint("http-tracker", "TCP", 443, "https://" + http.domain() + "/announce"));
      } else if (!ExposedPort.isLoopback(http.bindAddress())) {
        out.add(new Endpoint("http-tracker", "TCP", http.port(), "http://" + hostPort(name(http.domain(), address), http.port()) + "/announce"));
      }
    }
    HttpApiSpec api = spec.tracker().httpApi();
    if (Boolean.TRUE.equals(api.tls())) {
      out.add(new Endpoint("http-api", "TCP", 443, "https://" + api.domain() + "/api"));
    } else if (!ExposedPort.isLoopback(api.bindAddress())) {
      out.add(new Endpoint("http-api", "TCP", api.port(), "http://" + hostPort(name(api.domain(), address), api.port()) + "/api"));
    }
    GrafanaSpec grafana = spec.grafana();
    if (Services.grafana(spec)) {
      out.add(Boolean.TRUE.equals(grafana.tls())
          ? new Endpoint("grafana", "TCP", 443, "https://" + grafana.domain() + "/")
          : new Endpoint("grafana", "TCP", grafana.port(), "http://" + hostPort(name(grafana.domain(), address), grafana.port()) + "/"));
    }
    return out;
  }

  private static String name(String domain, String address) {
    return domain != null && !domain.isEmpty() ? domain : address;
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
