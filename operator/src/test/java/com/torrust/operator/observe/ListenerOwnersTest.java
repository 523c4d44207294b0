package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.torrust.operator.api.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerOwnersTest {

  /** `ss -H -tuln` on a converged sandbox host running the minimal example. */
  private static final String CONVERGED_SOCKETS = """
      udp UNCONN 0      0      0.0.0.0:6969 0.0.0.0:*
      udp UNCONN 0      0         [::]:6969    [::]:*
      tcp LISTEN 0      4096   0.0.0.0:7070 0.0.0.0:*
      tcp LISTEN 0      4096   0.0.0.0:1212 0.0.0.0:*
      tcp LISTEN 0      128    0.0.0.0:22   0.0.0.0:*
      tcp LISTEN 0      4096      [::]:7070    [::]:*
      tcp LISTEN 0      4096      [::]:1212    [::]:*
      tcp LISTEN 0      128       [::]:22      [::]:*
      tcp LISTEN 0      4096   127.0.0.1:9090 0.0.0.0:*
      """;

  private static final ContainerInfo TRACKER = new ContainerInfo("torrust_tracker_1", "torrust/tracker:v3.0.0", "running", null,
      List.of(new PublishedPort("0.0.0.0", 6969, 6969, Protocol.UDP), new PublishedPort("::", 6969, 6969, Protocol.UDP),
          new PublishedPort("0.0.0.0", 7070, 7070, Protocol.TCP), new PublishedPort("::", 7070, 7070, Protocol.TCP),
          new PublishedPort("0.0.0.0", 1212, 1212, Protocol.TCP), new PublishedPort("::", 1212, 1212, Protocol.TCP)),
      List.of("backend_network"), Map.of());
  private static final ContainerInfo PROMETHEUS = new ContainerInfo("torrust_prometheus_1", "prom/prometheus", "running", null,
      List.of(new PublishedPort("127.0.0.1", 9090, 9090, Protocol.TCP)), List.of("metrics_network"), Map.of());

  private static Observation observed(String ss, List<ContainerInfo> containers, List<Integer> sshdPorts) {
    List<String> problems = new ArrayList<>();
    List<ListeningSocket> sockets = ObservationParser.sockets(ss, problems);
    assertThat(problems).isEmpty();
    return new Observation(new HostFacts("Debian", null, null, null, null), new FirewallState(true, true, "deny", "allow", "off", List.of()),
        sockets, containers, Map.of(), new SshdSettings(sshdPorts, "no", "no"), null, null, List.of(), List.of());
  }

  @Test
  void aConvergedHostNeedsNoOwnerNamed() {
    Observation observed = observed(CONVERGED_SOCKETS, List.of(TRACKER, PROMETHEUS), List.of(22));

    assertThat(ListenerOwners.unnamed(observed)).isEmpty();
    assertThat(ListenerOwners.withSshd(observed.sockets(), observed.sshd()))
        .filteredOn(s -> s.process() != null)
        .extracting(ListeningSocket::address, ListeningSocket::port, ListeningSocket::process, ListeningSocket::pid)
        .containsExactlyInAnyOrder(tuple("0.0.0.0", 22, "sshd", null), tuple("::", 22, "sshd", null));
  }

  @Test
  void aListenerNoContainerPublishesOnAPublicAddressNeedsItsOwner() {
    Observation observed = observed(CONVERGED_SOCKETS + "tcp LISTEN 0 5 0.0.0.0:8080 0.0.0.0:*\nudp UNCONN 0 0 *:5353 *:*\n",
        List.of(TRACKER, PROMETHEUS), List.of(22));

    assertThat(ListenerOwners.unnamed(observed)).extracting(ListeningSocket::port).containsExactly(8080, 5353);
  }

  @Test
  void onlyLoopbackListenersNeedNoOwner() {
    Observation observed = observed(CONVERGED_SOCKETS + "tcp LISTEN 0 5 127.0.0.1:8080 0.0.0.0:*\ntcp LISTEN 0 5 [::1]:8081 [::]:*\n",
        List.of(TRACKER, PROMETHEUS), List.of(22));

    assertThat(ListenerOwners.unnamed(observed)).isEmpty();
  }

  @Test
  void aPortPublishedOnLoopbackDoesNotCoverTheSamePortOnEveryAddress() {
    Observation observed = observed(CONVERGED_SOCKETS + "tcp LISTEN 0 5 0.0.0.0:9090 0.0.0.0:*\n", List.of(TRACKER, PROMETHEUS), List.of(22));

    assertThat(ListenerOwners.unnamed(observed)).extracting(ListeningSocket::address, ListeningSocket::port).containsExactly(tuple("0.0.0.0", 9090));
  }

  @Test
  void withoutSshdsPortsOrTheContainersEveryPublicListenerNeedsItsOwner() {
    // sshd -T or docker ps could not be read: nothing is assumed.
    Observation observed = observed(CONVERGED_SOCKETS, List.of(), List.of());

    assertThat(ListenerOwners.unnamed(observed)).hasSize(8);
  }

  @Test
  void aDualStackListenerIsHeldByAPortPublishedOnEveryAddress() {
    Observation observed = observed("udp UNCONN 0 0 *:6969 *:*\n", List.of(TRACKER), List.of(22));

    assertThat(ListenerOwners.unnamed(observed)).isEmpty();
  }

  @Test
  void namedSocketsKeepTheNamesSsGave() {
    Observation observed = observed("tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"dropbear\",pid=12,fd=3))\n", List.of(), List.of(22));

    assertThat(ListenerOwners.withSshd(observed.sockets(), observed.sshd())).extracting(ListeningSocket::process, ListeningSocket::pid)
        .containsExactly(tuple("dropbear", 12));
  }
}
