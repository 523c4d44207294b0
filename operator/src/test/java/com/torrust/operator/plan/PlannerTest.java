package com.torrust.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.torrust.operator.Specs;
import com.torrust.operator.api.FirewallLogging;
import com.torrust.operator.api.Protocol;
import com.torrust.operator.api.TrackerDeployment;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static HostPlan plan(TrackerDeployment deployment) {
    return Planner.plan(deployment.getMetadata().getName(), deployment.getSpec());
  }

  @Test
  void minimalSpecPublishesTrackersApiAndSshAndNothingElse() {
    HostPlan plan = plan(Specs.minimal());

    assertThat(plan.exposure())
        .extracting(ExposedPort::service, ExposedPort::role, ExposedPort::hostPort, ExposedPort::protocol, ExposedPort::exposure)
        .containsExactly(
            tuple("sshd", "ssh", 22, Protocol.TCP, Exposure.PUBLIC),
            tuple("tracker", "udp-tracker", 6969, Protocol.UDP, Exposure.PUBLIC),
            tuple("tracker", "http-tracker", 7070, Protocol.TCP, Exposure.PUBLIC),
            tuple("tracker", "http-api", 1212, Protocol.TCP, Exposure.PUBLIC),
            tuple("tracker", "health-check-api", null, Protocol.TCP, Exposure.INTERNAL));
  }

  @Test
  void firewallReadsLikeTheSeedsExpectedOutput() {
    FirewallPlan firewall = plan(Specs.minimal()).firewall();

    assertThat(firewall.incoming()).isEqualTo(FirewallAction.DENY);
    assertThat(firewall.outgoing()).isEqualTo(FirewallAction.ALLOW);
    assertThat(firewall.logging()).isEqualTo(FirewallLogging.Low);
    assertThat(firewall.rules())
        .extracting(PlannedRule::ufwArguments)
        .containsExactly(
            "allow proto tcp from any to any port 22",
            "allow proto udp from any to any port 6969",
            "allow proto tcp from any to any port 7070",
            "allow proto tcp from any to any port 1212");
  }

  @Test
  void sshIsAllowedFromEachGivenNetworkOnly() {
    HostPlan plan = plan(Specs.minimal(spec -> spec.putObject("firewall").putArray("sshAllowFrom").add("198.51.100.0/24").add("2001:db8::/32")));

    assertThat(plan.firewall().rules())
        .filteredOn(r -> r.reason().equals("ssh"))
        .extracting(PlannedRule::from)
        .containsExactly("198.51.100.0/24", "2001:db8::/32");
  }

  @Test
  void aLoopbackBindingIsLocalAndGetsNoFirewallRule() {
    HostPlan plan = plan(Specs.minimal(spec -> ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("tracker")).putObject("httpApi").put("bindAddress", "127.0.0.1")));

    ExposedPort api = plan.exposure().stream().filter(p -> p.role().equals("http-api")).findFirst().orElseThrow();
    assertThat(api.exposure()).isEqualTo(Exposure.LOCALHOST);
    assertThat(api.composeBinding()).isEqualTo("127.0.0.1:1212:1212");
    assertThat(plan.firewall().rules()).noneMatch(r -> r.port() == 1212);
  }

  @Test
  void anIpv6BindingIsBracketedAndItsRuleTargetsThatAddress() {
    HostPlan plan = plan(Specs.full());

    assertThat(plan.service(Services.TRACKER).orElseThrow().ports()).containsExactly("6969:6969/udp", "[::]:6868:6868/udp");
    assertThat(plan.firewall().rules()).anyMatch(r -> r.port() == 6868 && r.to().equals("::"));
  }

  @Test
  void fullSpecKeepsMysqlInternalPrometheusLocalAndPutsTlsServicesBehindCaddy() {
    HostPlan plan = plan(Specs.full());

    assertThat(plan.service(Services.MYSQL).orElseThrow().ports()).isEmpty();
    assertThat(plan.service(Services.PROMETHEUS).orElseThrow().ports()).containsExactly("127.0.0.1:9090:9090");
    assertThat(plan.service(Services.GRAFANA).orElseThrow().ports()).isEmpty();
    assertThat(plan.service(Services.CADDY).orElseThrow().ports()).containsExactly("80:80", "443:443", "443:443/udp");
    assertThat(plan.firewall().rules())
        .extracting(PlannedRule::port, PlannedRule::protocol)
        .contains(tuple(80, Protocol.TCP), tuple(443, Protocol.TCP), tuple(443, Protocol.UDP))
        .doesNotContain(tuple(9090, Protocol.TCP), tuple(3306, Protocol.TCP), tuple(1212, Protocol.TCP), tuple(7070, Protocol.TCP));
  }

  @Test
  void networksSeparateTheDatabaseFromGrafanaAndTheProxyFromPrometheus() {
    HostPlan plan = plan(Specs.full());

    assertThat(plan.networks())
        .extracting(DockerNetwork::name, DockerNetwork::members)
        .containsExactly(
            tuple("database_network", java.util.List.of("tracker", "mysql", "backup")),
            tuple("metrics_network", java.util.List.of("tracker", "prometheus")),
            tuple("visualization_network", java.util.List.of("prometheus", "grafana")),
            tuple("proxy_network", java.util.List.of("caddy", "tracker", "grafana")));
  }

  @Test
  void aSqliteBackupRunsWithoutAnyNetwork() {
    HostPlan plan = plan(Specs.minimal(spec -> spec.putObject("backup").put("image", "torrust/tracker-backup:v1")));

    ComposeService backup = plan.service(Services.BACKUP).orElseThrow();
    assertThat(backup.networks()).isEmpty();
    assertThat(backup.networkMode()).isEqualTo("none");
    assertThat(backup.profiles()).containsExactly("backup");
  }

  @Test
  void minimalSpecPutsTheTrackerOnComposesDefaultNetworkWithIpv6() {
    HostPlan plan = plan(Specs.minimal());

    assertThat(plan.networks()).extracting(DockerNetwork::name, DockerNetwork::ipv6Subnet)
        .containsExactly(tuple(Segmentation.DEFAULT, "fd54:7472:6b72:1::/64"));
    assertThat(plan.service(Services.TRACKER).orElseThrow().networks()).containsExactly(Segmentation.DEFAULT);
    assertThat(plan.service(Services.TRACKER).orElseThrow().sysctls()).containsEntry("net.ipv6.bindv6only", "1");
    assertThat(plan.ipv6()).isTrue();
  }

  @Test
  void withoutIpv6TheMinimalSpecNeedsNoNetworkOfItsOwn() {
    HostPlan plan = plan(Specs.minimal(spec -> spec.with("host").put("ipv6", false)));

    assertThat(plan.networks()).isEmpty();
    assertThat(plan.service(Services.TRACKER).orElseThrow().sysctls()).isEmpty();
    assertThat(plan.ipv6()).isFalse();
  }

  @Test
  void everyNetworkHasItsOwnIpv6Subnet() {
    HostPlan plan = plan(Specs.full());

    assertThat(plan.networks()).allMatch(DockerNetwork::ipv6);
    assertThat(plan.networks()).extracting(DockerNetwork::ipv6Subnet).doesNotHaveDuplicates()
        .allMatch(s -> s.matches("fd54:7472:6b72:[1-5]::/64"));
  }

  @Test
  void extraRulesAreAddedWithTheirSourceAndComment() {
    FirewallPlan firewall = plan(Specs.full()).firewall();

    assertThat(firewall.rules()).anyMatch(r -> r.port() == 9100 && r.from().equals("198.51.100.7") && r.comment().startsWith("node exporter"));
  }

  @Test
  void storageDirectoriesBelongToTheContainerUsers() {
    HostPlan plan = plan(Specs.full());

    assertThat(plan.directories())
        .extracting(PlannedDirectory::path, PlannedDirectory::uid)
        .contains(
            tuple("/opt/torrust/storage/mysql/data", 999),
            tuple("/opt/torrust/storage/grafana/data", 472),
            tuple("/opt/torrust/storage/tracker/lib/database", 1000),
            tuple("/opt/torrust/secrets", 0));
  }

  @Test
  void thePlanIsAPureFunctionOfTheSpec() {
    assertThat(plan(Specs.full())).isEqualTo(plan(Specs.full()));
  }
}
