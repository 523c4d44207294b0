package com.torrust.operator.plan;

import com.torrust.operator.api.HttpApiSpec;
import com.torrust.operator.api.HttpTrackerSpec;
import com.torrust.operator.api.Protocol;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.api.UdpTrackerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every port of a deployment and how far it reaches, following the security model: UDP trackers,
 * HTTP trackers and the API are public unless behind the TLS proxy; Grafana is public only without
 * TLS; Caddy publishes 80/tcp, 443/tcp and 443/udp; Prometheus binds 127.0.0.1 only; MySQL, the
 * health-check API and everything behind Caddy have no host binding at all.
 */
public final class ExposureTable {

  private ExposureTable() {}

  public static List<ExposedPort> of(TrackerDeploymentSpec spec) {
    List<ExposedPort> table = new ArrayList<>();
    table.add(
        new ExposedPort(
            Services.SSHD, "ssh", spec.host().sshPort(), spec.host().sshPort(), Protocol.TCP, Exposure.PUBLIC,
            ExposedPort.ALL_ADDRESSES));
    for (UdpTrackerSpec udp : nullToEmpty(spec.tracker().udpTrackers())) {
      table.add(ExposedPort.published(Services.TRACKER, "udp-tracker", udp.port(), Protocol.UDP, udp.bindAddress()));
    }
    for (HttpTrackerSpec http : nullToEmpty(spec.tracker().httpTrackers())) {
      table.add(
          http.tls()
              ? ExposedPort.internal(Services.TRACKER, "http-tracker", http.port(), Protocol.TCP)
              : ExposedPort.published(Services.TRACKER, "http-tracker", http.port(), Protocol.TCP, http.bindAddress()));
    }
    HttpApiSpec api = spec.tracker().httpApi();
    table.add(
        api.tls()
            ? ExposedPort.internal(Services.TRACKER, "http-api", api.port(), Protocol.TCP)
            : ExposedPort.published(Services.TRACKER, "http-api", api.port(), Protocol.TCP, api.bindAddress()));
    table.add(
        ExposedPort.internal(Services.TRACKER, "health-check-api", spec.tracker().healthCheckApi().port(), Protocol.TCP));
    if (Services.mysql(spec)) {
      table.add(ExposedPort.internal(Services.MYSQL, "mysql", Services.MYSQL_PORT, Protocol.TCP));
    }
    if (Services.prometheus(spec)) {
      table.add(
          new ExposedPort(
              Services.PROMETHEUS, "prometheus", Services.PROMETHEUS_PORT, Services.PROMETHEUS_PORT, Protocol.TCP,
              Exposure.LOCALHOST, "127.0.0.1"));
    }
    if (Services.grafana(spec)) {
      table.add(
          Services.grafanaBehindProxy(spec)
              ? ExposedPort.internal(Services.GRAFANA, "grafana", Services.GRAFANA_CONTAINER_PORT, Protocol.TCP)
              : new ExposedPort(
                  Services.GRAFANA, "grafana", Services.GRAFANA_CONTAINER_PORT, spec.grafana().port(), Protocol.TCP,
                  Exposure.PUBLIC, ExposedPort.ALL_ADDRESSES));
    }
    if (Services.caddy(spec)) {
      table.add(ExposedPort.published(Services.CADDY, "http", 80, Protocol.TCP, ExposedPort.ALL_ADDRESSES));
      table.add(ExposedPort.published(Services.CADDY, "https", 443, Protocol.TCP, ExposedPort.ALL_ADDRESSES));
      table.add(ExposedPort.published(Services.CADDY, "http3", 443, Protocol.UDP, ExposedPort.ALL_ADDRESSES));
    }
    return List.copyOf(table);
  }

  static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
