package com.torrust.operator.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.drift.DriftEngineTest;
import com.torrust.operator.observe.DockerDaemonConfig;
import com.torrust.operator.observe.DockerNetworking;
import com.torrust.operator.observe.DockerNetworking.ObservedNetwork;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerIpv6Test {

  private static final DesiredHostState MINIMAL = desired(Specs.minimal());
  private static final String OWNERS_FILE = "{\"log-driver\": \"journald\"}\n";

  private static DesiredHostState desired(com.torrust.operator.api.TrackerDeployment d) {
    return new FileRenderer().render(Planner.plan("demo", d.getSpec()), d.getSpec(), new DeploymentSecrets("t", null, null, null, null));
  }

  private static ConvergePlan plan(DesiredHostState desired, DockerNetworking docker) {
    Observation observed = DriftEngineTest.converged(desired).withDocker(docker);
    return ConvergePlanner.plan(desired, observed, List.of());
  }

  private static List<ObservedNetwork> network(boolean ipv6) {
    return List.of(new ObservedNetwork("torrust", "default", ipv6, ipv6 ? List.of("10.0.0.0/28", "fd54:7472:6b72:1::/64") : List.of("10.0.0.0/28")));
  }

  @Test
  void natOffRestartsTheEngineOnceWithTheOwnersSettingsKeptThenComposeUp() {
    ConvergePlan plan = plan(MINIMAL, new DockerNetworking(true, DockerDaemonConfig.parse(OWNERS_FILE), network(true)));

    assertThat(plan.actions(Step.Services)).extracting(Action::description).containsExactly(
        "turn on Docker's IPv6 NAT (\"ip6tables\": true, \"experimental\": true in /etc/docker/daemon.json) and restart the Docker engine",
        "compose up (Docker engine restarted)");
    String script = plan.actions(Step.Services).get(0).script();
    // Guarded by the hash of the file as read, so a file changed meanwhile is left alone.
    assertThat(script).contains(DockerIpv6.sha256(OWNERS_FILE)).contains("changed since it was read")
        .contains("ip6tables -t nat -S").contains("service docker restart").contains("cp -p \"$old\" '/etc/docker/daemon.json'");
  }

  @Test
  void anAbsentFileIsRemovedAgainWhenTheEngineDoesNotComeBack() {
    String script = plan(MINIMAL, new DockerNetworking(true, DockerDaemonConfig.ABSENT, network(true))).actions(Step.Services).get(0).script();

    assertThat(script).startsWith("{ [ ! -e '/etc/docker/daemon.json' ]; }").contains("  rm -f '/etc/docker/daemon.json'");
  }

  @Test
  void aNetworkWithoutIpv6TakesTheProjectDownBeforeUp() {
    DockerDaemonConfig on = DockerDaemonConfig.parse("{\"experimental\": true, \"ip6tables\": true}");

    ConvergePlan plan = plan(MINIMAL, new DockerNetworking(true, on, network(false)));

    assertThat(plan.actions(Step.Services)).extracting(Action::script).containsExactly(
        "cd '/opt/torrust' && docker-compose down --remove-orphans", "cd '/opt/torrust' && docker-compose up -d --remove-orphans");
    assertThat(plan.refusals()).isEmpty();
  }

  @Test
  void aHostWithoutIpv6IsRefusedAndItsEngineLeftAlone() {
    ConvergePlan plan = plan(MINIMAL, new DockerNetworking(false, DockerDaemonConfig.ABSENT, List.of()));

    assertThat(plan.actions(Step.Services)).isEmpty();
    assertThat(plan.refusals()).singleElement().asString().contains("set spec.host.ipv6: false");
  }

  @Test
  void withIpv6OffOrNothingMissingTheEngineIsNotTouched() {
    DesiredHostState ipv4 = desired(Specs.minimal(spec -> spec.with("host").put("ipv6", false)));
    DockerDaemonConfig on = DockerDaemonConfig.parse("{\"experimental\": true, \"ip6tables\": true}");

    assertThat(plan(ipv4, new DockerNetworking(true, DockerDaemonConfig.ABSENT, List.of())).actions(Step.Services)).isEmpty();
    assertThat(plan(MINIMAL, new DockerNetworking(true, on, network(true))).actions(Step.Services)).isEmpty();
    assertThat(plan(MINIMAL, DockerNetworking.UNKNOWN).actions(Step.Services)).isEmpty();
  }
}
