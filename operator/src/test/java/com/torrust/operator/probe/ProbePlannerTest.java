package com.torrust.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.probe.ProbeTarget.Check;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbePlannerTest {

  @Test
  void theFullExampleIsTriedByDomainBehindTlsAndItsPrivatePortsMustNotAnswer() {
    TrackerDeployment full = Specs.full();
    List<ProbeTarget> targets = ProbePlanner.plan(Planner.plan("production", full.getSpec()), full.getSpec());

    assertThat(targets).filteredOn(t -> t.check() == Check.UdpTracker).extracting(ProbeTarget::port).isNotEmpty();
    assertThat(targets).filteredOn(t -> t.serverName() != null).allSatisfy(t -> assertThat(t.port()).isEqualTo(443)).isNotEmpty();
    assertThat(targets).filteredOn(t -> t.check() == Check.MustNotAnswer).extracting(ProbeTarget::port).contains(3306, 9090, 1313, 2375);
    List<Integer> publicTcp = targets.stream().filter(t -> t.check() != Check.MustNotAnswer && t.check() != Check.UdpTracker)
        .map(ProbeTarget::port).toList();
    assertThat(targets).filteredOn(t -> t.check() == Check.MustNotAnswer).extracting(ProbeTarget::port).doesNotContainAnyElementsOf(publicTcp);
    assertThat(targets.stream().filter(t -> t.check() == Check.MustNotAnswer).map(ProbeTarget::port).distinct().count())
        .as("each closed port once").isEqualTo(targets.stream().filter(t -> t.check() == Check.MustNotAnswer).count());
    assertThat(targets).filteredOn(t -> t.check() == Check.Http3).as("Caddy's HTTP/3 once, on UDP 443")
        .singleElement().satisfies(t -> assertThat(t.describe()).isEqualTo("http3 443/udp"));
  }

  @Test
  void theMinimalExampleTriesItsTrackersOnTheirPortsAndNoSshOrTls() {
    TrackerDeployment minimal = Specs.minimal();
    List<ProbeTarget> targets = ProbePlanner.plan(Planner.plan("demo", minimal.getSpec()), minimal.getSpec());

    assertThat(targets).filteredOn(t -> t.check() != Check.MustNotAnswer)
        .extracting(ProbeTarget::describe).contains("udp-tracker 6969/udp", "http-tracker 7070/tcp");
    assertThat(targets).noneMatch(t -> t.port() == 22).allMatch(t -> t.serverName() == null).noneMatch(t -> t.check() == Check.Http3);
  }

  @Test
  void bencodeIsReadStrictly() {
    assertThat(Bencode.decode(bytes("d8:intervali120e5:peers0:e"))).isEqualTo(Map.of("interval", 120L, "peers", ""));
    assertThat(Bencode.decode(bytes("li-3e4:spame"))).isEqualTo(List.of(-3L, "spam"));
    for (String bad : List.of("", "i01e", "i-0e", "ie", "4:abc", "d3:keye", "di1e1:ae", "i1ei2e", "l" .repeat(40) + "e".repeat(40), "x",
        "99999999999999999999:a", "<html>")) {
      assertThatThrownBy(() -> Bencode.decode(bytes(bad))).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bencode:");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
