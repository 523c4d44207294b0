package com.torrust.operator.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.torrust.operator.Specs;
import com.torrust.operator.api.Protocol;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.FirewallState;
import com.torrust.operator.observe.HostFacts;
import com.torrust.operator.observe.ListeningSocket;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ObservedFile;
import com.torrust.operator.observe.ObservedRule;
import com.torrust.operator.observe.PublishedPort;
import com.torrust.operator.observe.SshdSettings;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.ExposedPort;
import com.torrust.operator.plan.Exposure;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.plan.PlannedRule;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

public class DriftEngineTest {

  private static final TrackerDeployment FULL = Specs.full();
  private static final DesiredHostState DESIRED =
      new FileRenderer().render(Planner.plan("production", FULL.getSpec()), FULL.getSpec(), new DeploymentSecrets("t", "p", "r", "u", "g"));

  /** What a host converged to the plan shows. */
  public static Observation converged(DesiredHostState desired) {
    List<ObservedRule> rules = new ArrayList<>();
    for (PlannedRule rule : desired.plan().firewall().rules()) {
      for (UfwTuple t : UfwTuple.of(rule)) {
        rules.add(new ObservedRule("allow", t.protocol(), t.port(), t.to(), t.from(), "in", rule.comment()));
      }
    }
    List<ListeningSocket> sockets = new ArrayList<>();
    for (ExposedPort port : desired.plan().exposure()) {
      if (port.hostPort() != null) {
        String process = port.service().equals("sshd") ? "sshd" : "docker-proxy";
        sockets.add(new ListeningSocket(port.protocol(), port.exposure() == Exposure.LOCALHOST ? "127.0.0.1" : "0.0.0.0", port.hostPort(), process, 100));
        if (port.exposure() == Exposure.PUBLIC) {
          sockets.add(new ListeningSocket(port.protocol(), "::", port.hostPort(), process, 101));
        }
      }
    }
    List<ContainerInfo> containers = new ArrayList<>();
    for (ComposeService service : desired.plan().services()) {
      if (!service.profiles().isEmpty()) {
        continue;
      }
      List<PublishedPort> published = new ArrayList<>();
      for (ExposedPort port : desired.plan().exposure()) {
        if (port.service().equals(service.name()) && port.hostPort() != null) {
          published.add(new PublishedPort(port.hostAddress(), port.hostPort(), port.containerPort(), port.protocol()));
        }
      }
      containers.add(new ContainerInfo("torrust_" + service.name() + "_1", service.image(), "running",
          service.healthcheck() == null ? null : "healthy", published, service.networks(),
          Map.of("com.docker.compose.project", "torrust", "com.docker.compose.service", service.name())));
    }
    Map<String, ObservedFile> files = new HashMap<>();
    for (PlannedFile f : desired.files()) {
      files.put(f.path(), new ObservedFile(f.path(), true, f.mode(), f.uid(), f.gid(), f.sha256()));
    }
    return new Observation(new HostFacts("Debian GNU/Linux 12 (bookworm)", "20.10.24", "1.29.2", "docker-compose", "0.36.2"),
        new FirewallState(true, true, "deny", "allow", "on (low)", rules), sockets, containers, files,
        new SshdSettings(List.of(2222), "no", "prohibit-password"), "10.0.0.1", List.of("ufw", "unattended-upgrades", "docker.io", "docker-compose"), List.of(), List.of());
  }

  private static List<Finding> findings(UnaryOperator<Observation> change) {
    return DriftEngine.findings(DESIRED, change.apply(converged(DESIRED)), FULL.getSpec().drift().ignore());
  }

  private static Observation withSockets(Observation o, List<ListeningSocket> sockets) {
    return new Observation(o.facts(), o.firewall(), sockets, o.containers(), o.files(), o.sshd(), o.clientAddress(), o.installedPackages(), o.leftovers(), o.problems());
  }

  private static Observation withFirewall(Observation o, FirewallState ufw) {
    return new Observation(o.facts(), ufw, o.sockets(), o.containers(), o.files(), o.sshd(), o.clientAddress(), o.installedPackages(), o.leftovers(), o.problems());
  }

  private static Observation withContainers(Observation o, List<ContainerInfo> containers) {
    return new Observation(o.facts(), o.firewall(), o.sockets(), containers, o.files(), o.sshd(), o.clientAddress(), o.installedPackages(), o.leftovers(), o.problems());
  }

  @SafeVarargs
  private static <T> List<T> plus(List<T> list, T... items) {
    List<T> out = new ArrayList<>(list);
    out.addAll(List.of(items));
    return out;
  }

  @Test
  void aConvergedHostHasNoDrift() {
    assertThat(findings(o -> o)).isEmpty();
  }

  @Test
  void aForeignContainerPublishingMysqlIsOnePublicPortAndNothingElse() {
    ContainerInfo rogue = new ContainerInfo("debug-db", "mysql:8.4", "running", null,
        List.of(new PublishedPort("0.0.0.0", 3306, 3306, Protocol.TCP)), List.of("bridge"), Map.of());

    List<Finding> found = findings(o -> withSockets(withContainers(o, plus(o.containers(), rogue)),
        plus(o.sockets(), new ListeningSocket(Protocol.TCP, "0.0.0.0", 3306, "docker-proxy", 999))));

    assertThat(found).extracting(Finding::kind, Finding::port, Finding::protocol, Finding::address, Finding::source, Finding::severity)
        .containsExactly(tuple(DriftKind.UnexpectedPublicPort, 3306, Protocol.TCP, "0.0.0.0", "debug-db", Severity.Critical));
  }

  @Test
  void aPublishedPortsSocketWithoutAnOwnerIsTheContainersAndReportedOnce() {
    // The check names owners only when needed: docker-proxy's socket of a published port comes unnamed.
    ContainerInfo rogue = new ContainerInfo("debug-db", "mysql:8.4", "running", null,
        List.of(new PublishedPort("0.0.0.0", 3306, 3306, Protocol.TCP), new PublishedPort("::", 3306, 3306, Protocol.TCP)), List.of("bridge"), Map.of());

    List<Finding> found = findings(o -> withSockets(withContainers(o, plus(o.containers(), rogue)),
        plus(plus(o.sockets(), new ListeningSocket(Protocol.TCP, "0.0.0.0", 3306, null, null)), new ListeningSocket(Protocol.TCP, "::", 3306, null, null))));

    assertThat(found).extracting(Finding::kind, Finding::port, Finding::source)
        .containsExactly(tuple(DriftKind.UnexpectedPublicPort, 3306, "debug-db"));
  }

  @Test
  void aHostListenerIsPublicOnlyWhenUfwLetsItThrough() {
    ListeningSocket listener = new ListeningSocket(Protocol.TCP, "0.0.0.0", 8080, "python3", 4242);

    assertThat(findings(o -> withSockets(o, plus(o.sockets(), listener))))
        .extracting(Finding::kind, Finding::source).containsExactly(tuple(DriftKind.UnexpectedListener, "python3 (pid 4242)"));

    List<Finding> open = findings(o -> {
      Observation with = withSockets(o, plus(o.sockets(), listener));
      FirewallState ufw = with.firewall();
      return withFirewall(with, new FirewallState(true, true, "deny", "allow", ufw.logging(),
          plus(ufw.rules(), new ObservedRule("allow", Protocol.TCP, 8080, "0.0.0.0/0", "0.0.0.0/0", "in", null))));
    });
    assertThat(open).extracting(Finding::kind, Finding::port)
        .containsExactlyInAnyOrder(tuple(DriftKind.UnexpectedPublicPort, 8080), tuple(DriftKind.FirewallRuleUnexpected, 8080));
  }

  @Test
  void whatEveryFreshCloudServerListensOnIsNoDrift() {
    // The DHCP client (Debian 12's dhclient, Ubuntu's systemd-networkd, DHCPv6 too), the resolver stub and
    // chrony's command port (both on loopback): all on a server nobody has touched.
    List<ListeningSocket> fresh = List.of(new ListeningSocket(Protocol.UDP, "0.0.0.0", 68, "dhclient", 310),
        new ListeningSocket(Protocol.UDP, "10.0.0.2", 68, "systemd-networkd", 311), new ListeningSocket(Protocol.UDP, "::", 546, "dhclient", 312),
        new ListeningSocket(Protocol.UDP, "127.0.0.53", 53, "systemd-resolve", 313), new ListeningSocket(Protocol.TCP, "127.0.0.54", 53, "systemd-resolve", 313),
        new ListeningSocket(Protocol.UDP, "127.0.0.1", 323, "chronyd", 314), new ListeningSocket(Protocol.UDP, "::1", 323, "chronyd", 314));

    assertThat(findings(o -> withSockets(o, plus(o.sockets(), fresh.toArray(ListeningSocket[]::new))))).isEmpty();
    // Port 68 is not a free pass: anything but a DHCP client there, or a client on another port, is reported.
    assertThat(findings(o -> withSockets(o, plus(o.sockets(), new ListeningSocket(Protocol.UDP, "0.0.0.0", 68, "nc", 9),
        new ListeningSocket(Protocol.UDP, "0.0.0.0", 69, "dhclient", 310), new ListeningSocket(Protocol.TCP, "0.0.0.0", 68, "dhclient", 310)))))
        .extracting(Finding::kind, Finding::port, Finding::protocol)
        .containsExactlyInAnyOrder(tuple(DriftKind.UnexpectedListener, 68, Protocol.UDP), tuple(DriftKind.UnexpectedListener, 69, Protocol.UDP),
            tuple(DriftKind.UnexpectedListener, 68, Protocol.TCP));
  }

  @Test
  void anIpv6OnlyUdpListenerIsFoundWithItsAddress() {
    List<Finding> found = findings(o -> withSockets(o, plus(o.sockets(), new ListeningSocket(Protocol.UDP, "::", 5353, "avahi", 7))));

    assertThat(found).extracting(Finding::kind, Finding::port, Finding::protocol, Finding::address)
        .containsExactly(tuple(DriftKind.UnexpectedListener, 5353, Protocol.UDP, "::"));
  }

  @Test
  void ufwTurnedOffMakesEveryListenerPublic() {
    List<Finding> found = findings(o -> {
      Observation with = withSockets(o, plus(o.sockets(), new ListeningSocket(Protocol.TCP, "*", 8080, "httpd", 5)));
      return withFirewall(with, new FirewallState(true, false, null, null, null, with.firewall().rules()));
    });

    assertThat(found).extracting(Finding::kind).containsExactlyInAnyOrder(DriftKind.FirewallInactive, DriftKind.UnexpectedPublicPort);
  }

  @Test
  void defaultAllowIncomingIsCritical() {
    List<Finding> found = findings(o -> withFirewall(o, new FirewallState(true, true, "allow", "allow", "on", o.firewall().rules())));

    assertThat(found).extracting(Finding::kind, Finding::severity).containsExactly(tuple(DriftKind.FirewallDefaultPolicy, Severity.Critical));
  }

  @Test
  void aDeletedRuleIsMissing() {
    List<Finding> found = findings(o -> withFirewall(o, new FirewallState(true, true, "deny", "allow", "on",
        o.firewall().rules().stream().filter(r -> !(r.port() == 6969 && r.to().equals("::/0"))).toList())));

    assertThat(found).extracting(Finding::kind, Finding::port, Finding::protocol, Finding::address)
        .containsExactly(tuple(DriftKind.FirewallRuleMissing, 6969, Protocol.UDP, "::/0"));
  }

  @Test
  void anIgnoredPortIsNeverDrift() {
    // examples/full.yaml ignores 9100/TCP: open and allowed, it is not reported.
    List<Finding> found = findings(o -> {
      Observation with = withSockets(o, plus(o.sockets(), new ListeningSocket(Protocol.TCP, "0.0.0.0", 9100, "node_exporter", 9)));
      return withFirewall(with, new FirewallState(true, true, "deny", "allow", "on",
          plus(with.firewall().rules(), new ObservedRule("allow", Protocol.TCP, 9100, "0.0.0.0/0", "0.0.0.0/0", "in", null))));
    });

    assertThat(found).isEmpty();
  }

  @Test
  void stoppedUnhealthyWrongImageAndOrphanContainersAreEachFound() {
    List<Finding> found = findings(o -> withContainers(o, o.containers().stream().map(c -> switch (c.name()) {
      case "torrust_tracker_1" -> new ContainerInfo(c.name(), c.image(), "exited", null, List.of(), c.networks(), c.labels());
      case "torrust_grafana_1" -> new ContainerInfo(c.name(), c.image(), "running", "unhealthy", c.ports(), c.networks(), c.labels());
      case "torrust_prometheus_1" -> new ContainerInfo(c.name(), "prom/prometheus:latest", "running", "healthy", c.ports(), c.networks(), c.labels());
      default -> c;
    }).toList()));
    List<Finding> orphan = findings(o -> withContainers(o, plus(o.containers(), new ContainerInfo("torrust_old_1", "x:1", "running", null,
        List.of(), List.of(), Map.of("com.docker.compose.project", "torrust", "com.docker.compose.service", "old")))));

    assertThat(found).extracting(Finding::kind, Finding::source).containsExactlyInAnyOrder(
        tuple(DriftKind.ServiceNotRunning, "torrust_tracker_1"),
        tuple(DriftKind.ServiceUnhealthy, "torrust_grafana_1"),
        tuple(DriftKind.ImageMismatch, "torrust_prometheus_1"));
    assertThat(orphan).extracting(Finding::kind, Finding::source).containsExactly(tuple(DriftKind.ContainerUnexpected, "torrust_old_1"));
  }

  @Test
  void editedFilesAndLoosenedModesAreFoundAndASecretMadeReadableIsCritical() {
    List<Finding> found = findings(o -> {
      Map<String, ObservedFile> files = new HashMap<>(o.files());
      files.put("/opt/torrust/docker-compose.yml", new ObservedFile("/opt/torrust/docker-compose.yml", true, 0644, 0, 0, "0".repeat(64)));
      ObservedFile env = files.get("/opt/torrust/.env");
      files.put("/opt/torrust/.env", new ObservedFile(env.path(), true, 0644, 0, 0, env.sha256()));
      ObservedFile toml = files.get("/opt/torrust/storage/tracker/etc/tracker.toml");
      files.put(toml.path(), new ObservedFile(toml.path(), true, 0644, 1000, 1000, toml.sha256()));
      files.put("/opt/torrust/storage/caddy/etc/Caddyfile", new ObservedFile("/opt/torrust/storage/caddy/etc/Caddyfile", false, 0, -1, -1, null));
      return new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), files, o.sshd(), o.clientAddress(), o.installedPackages(), o.leftovers(), o.problems());
    });

    assertThat(found).extracting(Finding::kind, Finding::source, Finding::severity).containsExactlyInAnyOrder(
        tuple(DriftKind.FilePermissions, "/opt/torrust/storage/tracker/etc/tracker.toml", Severity.Critical),
        tuple(DriftKind.FileChanged, "/opt/torrust/docker-compose.yml", Severity.Warning),
        tuple(DriftKind.FilePermissions, "/opt/torrust/.env", Severity.Warning),
        tuple(DriftKind.FileChanged, "/opt/torrust/storage/caddy/etc/Caddyfile", Severity.Warning));
  }

  @Test
  void passwordLoginsAndRootPasswordLoginsAreCritical() {
    List<Finding> found = findings(o -> new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), o.files(),
        new SshdSettings(List.of(2222), "yes", "yes"), o.clientAddress(), o.installedPackages(), o.leftovers(), o.problems()));

    assertThat(found).extracting(Finding::kind, Finding::severity).containsExactly(
        tuple(DriftKind.SshPasswordAuthEnabled, Severity.Critical), tuple(DriftKind.SshRootLoginPermitted, Severity.Critical));
  }

  @Test
  void anOwnerMarkerThatIsALinkOrNotAFileOrNotUnderstoodIsFoundWithoutTheHostsWords() {
    for (String marker : List.of("odd a symbolic link", "odd not a regular file", "owner ../../etc", "odd \u001b]0;pwned\u0007")) {
      List<Finding> found = findings(o -> marker(o, marker));
      assertThat(found).as(marker).extracting(Finding::kind, Finding::severity, Finding::source)
          .containsExactly(tuple(DriftKind.ObservationIncomplete, Severity.Warning, "owner marker"));
      assertThat(found.get(0).message()).doesNotContain("pwned", "../");
    }
    assertThat(findings(o -> marker(o, "odd a symbolic link")).get(0).message()).contains("symbolic link");
    for (String marker : List.of("none", "owner tenant-a/tracker")) {
      assertThat(findings(o -> marker(o, marker))).as(marker).isEmpty();
    }
    assertThat(findings(o -> marker(o, null))).as("a failed section is a problem of its own, not counted twice").isEmpty();
  }

  private static Observation marker(Observation o, String marker) {
    return new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), o.files(), o.sshd(), o.clientAddress(),
        o.installedPackages(), o.leftovers(), o.problems(), o.docker(), o.limits(), o.images(), marker);
  }

  @Test
  void uninstalledUnattendedUpgradesAreFoundWhileTheSpecWantsThem() {
    List<Finding> found = findings(o -> new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), o.files(), o.sshd(),
        o.clientAddress(), List.of("ufw", "docker.io"), o.leftovers(), o.problems()));

    assertThat(found).extracting(Finding::kind).containsExactly(DriftKind.SecurityUpdatesOff);
  }

  @Test
  void aMissingPublicPortIsFound() {
    List<Finding> found = findings(o -> withSockets(o, o.sockets().stream().filter(s -> s.port() != 80).toList()));

    assertThat(found).extracting(Finding::kind, Finding::port, Finding::source).containsExactly(tuple(DriftKind.ExpectedPortMissing, 80, "caddy"));
  }

  @Test
  void prometheusPublishedOnAllAddressesIsAPublicPort() {
    List<Finding> found = findings(o -> {
      Observation with = withContainers(o, o.containers().stream().map(c -> c.name().equals("torrust_prometheus_1")
          ? new ContainerInfo(c.name(), c.image(), c.state(), c.health(), List.of(new PublishedPort("0.0.0.0", 9090, 9090, Protocol.TCP)), c.networks(), c.labels())
          : c).toList());
      return withSockets(with, plus(with.sockets().stream().filter(s -> s.port() != 9090).toList(),
          new ListeningSocket(Protocol.TCP, "0.0.0.0", 9090, "docker-proxy", 3)));
    });

    assertThat(found).extracting(Finding::kind, Finding::port, Finding::source).containsExactlyInAnyOrder(
        tuple(DriftKind.UnexpectedPublicPort, 9090, "torrust_prometheus_1"), tuple(DriftKind.ExpectedPortMissing, 9090, "prometheus"));
  }

  @Test
  void observationProblemsAreFindingsAnUnreadablePublishedPortACriticalOne() {
    List<Finding> found = findings(o -> new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), o.files(), o.sshd(), o.clientAddress(),
        o.installedPackages(), o.leftovers(), List.of("unreadable published port: 0.0.0.0:1-65535->1-65535/tcp", "unreadable socket line: ???")));

    assertThat(found).extracting(Finding::kind, Finding::severity).containsExactly(
        org.assertj.core.api.Assertions.tuple(DriftKind.ObservationIncomplete, Severity.Critical),
        org.assertj.core.api.Assertions.tuple(DriftKind.ObservationIncomplete, Severity.Warning));
    assertThat(found.get(0).message()).contains("nothing is assumed", "0.0.0.0:1-65535->1-65535/tcp");
  }

  @Test
  void aFloodOfProblemsIsCountedNotListed() {
    List<String> many = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "unreadable socket line: " + i).toList();

    List<Finding> found = findings(o -> new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), o.files(), o.sshd(), o.clientAddress(),
        o.installedPackages(), o.leftovers(), many));

    assertThat(found).hasSize(DriftEngine.MAX_PROBLEM_FINDINGS + 1);
    assertThat(found).anySatisfy(f -> assertThat(f.message()).isEqualTo("480 more parts of the host could not be read."));
  }

  @Test
  void passwordsThroughPamOrAMatchBlockAreCritical() {
    List<Finding> found = findings(o -> new Observation(o.facts(), o.firewall(), o.sockets(), o.containers(), o.files(),
        new SshdSettings(List.of(2222), "no", "prohibit-password", "yes", "yes", List.of("Match User deploy")), o.clientAddress(),
        o.installedPackages(), o.leftovers(), o.problems()));

    assertThat(found).filteredOn(f -> f.kind() == DriftKind.SshPasswordAuthEnabled).extracting(Finding::message)
        .anySatisfy(m -> assertThat(m).contains("keyboard-interactive", "UsePAM yes"))
        .anySatisfy(m -> assertThat(m).contains("'Match User deploy'"));
  }
}
