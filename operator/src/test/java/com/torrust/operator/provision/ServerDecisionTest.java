package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.provision.hetzner.HetznerServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerDecisionTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(30);

  private static HetznerServer server(long id) {
    return new HetznerServer(id, "s" + id, "running", "203.0.113.1", null, NOW.toString(), Map.of());
  }

  private static ServerStatus pendingSince(Instant at) {
    return new ServerStatus(ServerStatus.CREATING, null, "s", null, null, at.toString(), null);
  }

  @Test
  void oneServerIsAdoptedWhateverTheMarkerSays() {
    assertThat(ServerDecision.decide(null, List.of(server(1)), NOW, GRACE)).isEqualTo(new ServerDecision.Adopt(server(1)));
    assertThat(ServerDecision.decide(pendingSince(NOW), List.of(server(1)), NOW, GRACE)).isEqualTo(new ServerDecision.Adopt(server(1)));
  }

  @Test
  void severalServersAreAmbiguous() {
    assertThat(ServerDecision.decide(null, List.of(server(9), server(3)), NOW, GRACE)).isEqualTo(new ServerDecision.Ambiguous(List.of(3L, 9L)));
  }

  @Test
  void noServerAndNoMarkerCreates() {
    assertThat(ServerDecision.decide(null, List.of(), NOW, GRACE)).isEqualTo(new ServerDecision.Create());
  }

  @Test
  void aFreshMarkerWaitsForTheRestOfTheGraceAndAnOldOneCreates() {
    assertThat(ServerDecision.decide(pendingSince(NOW.minusSeconds(10)), List.of(), NOW, GRACE))
        .isEqualTo(new ServerDecision.WaitForCreate(Duration.ofSeconds(20)));
    assertThat(ServerDecision.decide(pendingSince(NOW.minusSeconds(28)), List.of(), NOW, GRACE))
        .isEqualTo(new ServerDecision.WaitForCreate(Duration.ofSeconds(5)));
    assertThat(ServerDecision.decide(pendingSince(NOW.minusSeconds(30)), List.of(), NOW, GRACE)).isEqualTo(new ServerDecision.Create());
  }
}
