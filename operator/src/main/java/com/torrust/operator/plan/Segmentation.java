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
  /** Compose's own network, named explicitly for a tracker that needs no other: it gets IPv6 like the rest. */
  public static final String DEFAULT = "default";

  /**
   * The unique local /48 (RFC 4193) the networks' IPv6 subnets come from, one /64 each. Fixed, so the
   * compose file is the same bytes on every render; the operator owns the only compose project on its host.
   */
  static final String ULA_PREFIX = "fd54:7472:6b72";

  /** Each network's subnet number within {@link #ULA_PREFIX}: fixed per name, so adding a network moves no other. */
  private static final List<String> SUBNET_ORDER = List.of(DEFAULT, DATABASE, METRICS, VISUALIZATION, PROXY);

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
    if (!spec.host().ipv6Enabled()) {
      return List.copyOf(networks);
    }
    // IPv6 on every network: the one Docker forwards a published port through is the container's
    // gateway network, which compose does not let us choose; on all of them it is always one with IPv6.
    if (networks.stream().noneMatch(n -> n.members().contains(Services.TRACKER))) {
      networks.add(0, new DockerNetwork(DEFAULT, List.of(Services.TRACKER)));
    }
    return networks.stream().map(n -> new DockerNetwork(n.name(), n.members(), ipv6Subnet(n.name()))).toList();
  }

  /** The /64 of one network, e.g. fd54:7472:6b72:2::/64 for the database network. */
  static String ipv6Subnet(String network) {
    return ULA_PREFIX + ":" + (SUBNET_ORDER.indexOf(network) + 1) + "::/64";
  }

  /** The networks one service is attached to, in a stable order. */
  public static List<String> networksOf(String service, List<DockerNetwork> networks) {
    return networks.stream().filter(n -> n.members().contains(service)).map(DockerNetwork::name).toList();
  }
}
