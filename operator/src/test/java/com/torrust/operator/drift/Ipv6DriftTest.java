package com.torrust.operator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
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

class Ipv6DriftTest {

  private static final DockerDaemonConfig NAT_ON = DockerDaemonConfig.parse("{\"experimental\": true, \"ip6tables\": true}");
  private static final List<ObservedNetwork> MINIMAL_NETWORKS =
      List.of(new ObservedNetwork("torrust", "default", true, List.of("10.211.2.32/28", "fd54:7472:6b72:1::/64")));

  static DesiredHostState desired(TrackerDeployment deployment) {
    return new FileRenderer().render(Planner.plan("demo", deployment.getSpec()), deployment.getSpec(),
        new DeploymentSecrets("t", null, null, null, null));
  }

  private static List<Finding> findings(DesiredHostState desired, DockerNetworking docker) {
    Observation observed = DriftEngineTest.converged(desired).withDocker(docker);
    return DriftEngine.findings(desired, observed, List.of()).stream().filter(f -> f.kind() == DriftKind.Ipv6ClientAddressLost).toList();
  }

  @Test
  void aHostWithIpv6NatAndItsNetworksIsClean() {
    assertThat(findings(desired(Specs.minimal()), new DockerNetworking(true, NAT_ON, MINIMAL_NETWORKS))).isEmpty();
  }

  @Test
  void natOffIsAFindingThatNamesTheMissingSettings() {
    assertThat(findings(desired(Specs.minimal()), new DockerNetworking(true, DockerDaemonConfig.ABSENT, MINIMAL_NETWORKS)))
        .singleElement().satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.Warning);
          assertThat(f.message()).contains("\"ip6tables\": true and \"experimental\": true").contains("restarts the Docker engine");
        });
  }

  @Test
  void aNetworkWithoutItsIpv6SubnetIsAFinding() {
    List<ObservedNetwork> old = List.of(new ObservedNetwork("torrust", "default", false, List.of("10.211.2.32/28")),
        new ObservedNetwork("someone-else", "default", false, List.of("172.18.0.0/16")));

    assertThat(findings(desired(Specs.minimal()), new DockerNetworking(true, NAT_ON, old)))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("Docker network default has no IPv6 subnet fd54:7472:6b72:1::/64"));
  }

  @Test
  void aHostWithoutIpv6IsOneFindingThatSaysWhatToDo() {
    assertThat(findings(desired(Specs.minimal()), new DockerNetworking(false, DockerDaemonConfig.ABSENT, List.of())))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("set spec.host.ipv6: false"));
  }

  @Test
  void withIpv6OffNothingIsAsked() {
    DesiredHostState ipv4 = desired(Specs.minimal(spec -> spec.with("host").put("ipv6", false)));

    assertThat(findings(ipv4, new DockerNetworking(false, DockerDaemonConfig.ABSENT, List.of()))).isEmpty();
  }

  @Test
  void unreadDockerStateIsNotConcludedAbout() {
    assertThat(findings(desired(Specs.minimal()), DockerNetworking.UNKNOWN)).isEmpty();
  }
}
