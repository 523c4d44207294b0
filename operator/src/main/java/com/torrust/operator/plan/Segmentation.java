package com.torrust.operator.plan;

import com.torrust.operator.api.TrackerDeploymentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The Docker networks of a deployment, each only when used and each holding only the services that
 * must talk over it: a compromised Grafana cannot reach MySQL, a compromised Caddy cannot reach Prometheus.
 */
public final class Segmentation {

  public static final String DATABASE = "database_network";
  public static final String METRICS = "metrics_network";
  public static final String VISUALIZATION = "visualization_network";
  public static final String PROXY = "proxy_network";

  private Segmentation() {}

  public static List<DockerNetwork> of(TrackerDeploymentSpec spec) {
    List<DockerNetwork> networks = new ArrayList<>();
    if (Services.mysql(spec)) {
      List<String> members = new ArrayList<>(List.of(Services.TRACKER, Services.MYSQL));
      if (Services.backup(spec)) {
        members.add(Services.BACKUP); // dumps the database
      }
      networks.add(new DockerNetwork(DATABASE, members));
    }
    if (Services.prometheus(spec)) {
      networks.add(new DockerNetwork(METRICS, List.of(Services.TRACKER, Services.PROMETHEUS)));
    }
    if (Services.grafana(spec)) {
      networks.add(new DockerNetwork(VISUALIZATION, List.of(Services.PROMETHEUS, Services.GRAFANA)));
    }
    if (Services.caddy(spec)) {
      List<String> members = new ArrayList<>(List.of(Services.CADDY));
      if (Services.trackerBehindProxy(spec)) {
        members.add(Services.TRACKER);
      }
      if (Services.grafanaBehindProxy(spec)) {
        members.add(Services.GRAFANA);
      }
      networks.add(new DockerNetwork(PROXY, members));
    }
    return List.copyOf(networks);
  }

  /** The networks one service is attached to, in a stable order. */
  public static List<String> networksOf(String service, List<DockerNetwork> networks) {
    return networks.stream().filter(n -> n.members().contains(service)).map(DockerNetwork::name).toList();
  }
}
