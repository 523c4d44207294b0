package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerDaemonConfigTest {

  @Test
  void enginesBefore27NeedIp6tablesAndExperimental() {
    assertThat(DockerDaemonConfig.ABSENT.missingForIpv6Nat("20.10.24+dfsg1")).containsExactly(Map.entry("ip6tables", true), Map.entry("experimental", true));
    assertThat(DockerDaemonConfig.parse("{\"ip6tables\": true}").missingForIpv6Nat("26.1.5")).containsExactly(Map.entry("experimental", true));
    assertThat(DockerDaemonConfig.parse("{\"ip6tables\": true, \"experimental\": true}").missingForIpv6Nat("20.10.24")).isEmpty();
    // A string is not a boolean to dockerd either.
    assertThat(DockerDaemonConfig.parse("{\"ip6tables\": \"true\", \"experimental\": true}").missingForIpv6Nat("24.0.7")).containsOnlyKeys("ip6tables");
  }

  @Test
  void from27Ip6tablesIsOnUnlessTurnedOff() {
    assertThat(DockerDaemonConfig.ABSENT.missingForIpv6Nat("27.5.1")).isEmpty();
    assertThat(DockerDaemonConfig.parse("{\"log-driver\": \"journald\"}").missingForIpv6Nat("28.2.2")).isEmpty();
    assertThat(DockerDaemonConfig.parse("{\"ip6tables\": false}").missingForIpv6Nat("28.2.2")).containsExactly(Map.entry("ip6tables", true));
  }

  @Test
  void anUnknownVersionIsTreatedAsAnOldEngine() {
    assertThat(DockerDaemonConfig.ABSENT.missingForIpv6Nat("unknown")).containsOnlyKeys("ip6tables", "experimental");
    assertThat(DockerDaemonConfig.major("5:24.0.7-1~debian.12~bookworm")).isZero();
    assertThat(DockerDaemonConfig.major("24.0.7")).isEqualTo(24);
  }

  @Test
  void theNewFileKeepsEverySettingOfTheOwner() throws Exception {
    DockerDaemonConfig owner = DockerDaemonConfig.parse("{\"log-driver\": \"journald\", \"ip6tables\": false, \"bip\": \"10.9.0.1/24\"}");

    DockerDaemonConfig next = DockerDaemonConfig.parse(owner.with(owner.missingForIpv6Nat("20.10.24")));

    assertThat(next.json().path("log-driver").asText()).isEqualTo("journald");
    assertThat(next.json().path("bip").asText()).isEqualTo("10.9.0.1/24");
    assertThat(next.missingForIpv6Nat("20.10.24")).isEmpty();
    assertThat(DockerDaemonConfig.parse(DockerDaemonConfig.ABSENT.with(Map.of("ip6tables", true))).json().size()).isEqualTo(1);
  }

  @Test
  void whatDockerdWouldNotReadIsRefusedWithAReason() {
    assertThatThrownBy(() -> DockerDaemonConfig.parse("[]")).hasMessage("it is not a JSON object");
    assertThatThrownBy(() -> DockerDaemonConfig.parse("")).hasMessage("it is not a JSON object");
    assertThatThrownBy(() -> DockerDaemonConfig.parse("{\"a\": 1} {\"b\": 2}")).hasMessageStartingWith("it is not valid JSON");
    assertThatThrownBy(() -> DockerDaemonConfig.parse("{\"a\": \"" + "x".repeat(DockerDaemonConfig.MAX_BYTES) + "\"}"))
        .hasMessage("it is larger than 64 KiB");
  }
}
