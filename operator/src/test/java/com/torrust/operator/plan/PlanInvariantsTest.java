package com.torrust.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.admission.Admission;
import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the plan and the rendered compose file, over many generated valid specs. */
class PlanInvariantsTest {

  private static final Admission ADMISSION = Admission.fromClasspath();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final FileRenderer RENDERER = new FileRenderer();

  /** The networks each service may be on: anything else would let it reach what it must not. */
  private static final Map<String, Set<String>> ALLOWED_NETWORKS =
      Map.of(
          // Compose's default network only for a tracker on no other (so that it has IPv6), alone there.
          Services.TRACKER, Set.of(Segmentation.DATABASE, Segmentation.METRICS, Segmentation.PROXY, Segmentation.DEFAULT),
          Services.MYSQL, Set.of(Segmentation.DATABASE),
          Services.PROMETHEUS, Set.of(Segmentation.METRICS, Segmentation.VISUALIZATION),
          Services.GRAFANA, Set.of(Segmentation.VISUALIZATION, Segmentation.PROXY),
          Services.CADDY, Set.of(Segmentation.PROXY),
          Services.BACKUP, Set.of(Segmentation.DATABASE));

  record Generated(TrackerDeployment deployment, HostPlan plan) {
    @Override
    public String toString() {
      return deployment.getSpec().toString();
    }
  }

  /** Port choices of one generated spec. */
  record Ports(List<Integer> udp, List<Integer> http, String udpBind, String httpBind, int ssh, List<String> sshFrom, int api, int health) {}

  /** Feature choices of one generated spec. */
  record Features(boolean httpTls, boolean apiTls, boolean prometheus, boolean grafana, boolean mysql, boolean grafanaTls, boolean backup) {}

  @Provide
  Arbitrary<Generated> specs() {
    Arbitrary<Integer> port = Arbitraries.integers().between(1024, 65535);
    Arbitrary<String> bind = Arbitraries.of("0.0.0.0", "0.0.0.0", "127.0.0.1", "::", "203.0.113.7");
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<Ports> ports =
        Combinators.combine(
                port.list().ofMaxSize(4).uniqueElements(),
                port.list().ofMaxSize(3).uniqueElements(),
                bind,
                bind,
                Arbitraries.of(22, 2222),
                Arbitraries.of("0.0.0.0/0", "::/0", "198.51.100.0/24", "2001:db8::/32").list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
                port,
                port)
            .as(Ports::new);
    Arbitrary<Features> features = Combinators.combine(flag, flag, flag, flag, flag, flag, flag).as(Features::new);
    return Combinators.combine(ports, features).as(PlanInvariantsTest::build).filter(g -> g != null);
  }

  private static Generated build(Ports ports, Features features) {
    boolean grafana = features.prometheus() && features.grafana();
    boolean grafanaTls = grafana && features.grafanaTls();
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode().put("apiVersion", Admission.API_VERSION).put("kind", Admission.KIND);
    doc.putObject("metadata").put("name", "generated");
    ObjectNode spec = doc.putObject("spec");
    spec.putObject("host").put("address", "203.0.113.10").put("sshPort", ports.ssh())
        .putObject("sshKeySecretRef").put("name", "ssh").put("key", "id");
    ArrayNode sshFrom = spec.putObject("firewall").putArray("sshAllowFrom");
    ports.sshFrom().forEach(sshFrom::add);
    ObjectNode tracker = spec.putObject("tracker");
    ArrayNode udpTrackers = tracker.putArray("udpTrackers");
    ports.udp().forEach(p -> udpTrackers.addObject().put("port", p).put("bindAddress", ports.udpBind()));
    ArrayNode httpTrackers = tracker.putArray("httpTrackers");
    for (int i = 0; i < ports.http().size(); i++) {
      ObjectNode t = httpTrackers.addObject().put("port", ports.http().get(i)).put("bindAddress", ports.httpBind()).put("tls", features.httpTls());
      if (features.httpTls()) {
        t.put("domain", "t" + i + ".example.com");
      }
    }
    ObjectNode api = tracker.putObject("httpApi").put("port", ports.api()).put("tls", features.apiTls());
    if (features.apiTls()) {
      api.put("domain", "api.example.com");
    }
    tracker.putObject("healthCheckApi").put("port", ports.health());
    if (features.mysql()) {
      tracker.putObject("database").put("driver", "MySQL").putObject("mysql").putObject("passwordSecretRef").put("name", "db").put("key", "pw");
    }
    if (features.prometheus()) {
      spec.putObject("prometheus");
    }
    if (grafana) {
      ObjectNode g = spec.putObject("grafana").put("tls", grafanaTls);
      g.putObject("adminSecretRef").put("name", "grafana");
      if (grafanaTls) {
        g.put("domain", "grafana.example.com");
      }
    }
    if ((features.httpTls() && !ports.http().isEmpty()) || features.apiTls() || grafanaTls) {
      spec.putObject("https").put("adminEmail", "ops@example.com");
    }
    if (features.backup()) {
      spec.putObject("backup").put("image", "torrust/tracker-backup:v1");
    }
    try {
      TrackerDeployment deployment = ADMISSION.admit(doc);
      return new Generated(deployment, Planner.plan("generated", deployment.getSpec()));
    } catch (InvalidSpecException e) {
      return null; // e.g. two random ports collided, or no tracker at all: the admission tests cover rejections
    }
  }

  @Property(tries = 300)
  void mysqlNeverHasAHostPort(@ForAll("specs") Generated g) {
    assertThat(g.plan().exposure()).filteredOn(p -> p.service().equals(Services.MYSQL)).allMatch(p -> p.hostPort() == null);
    g.plan().service(Services.MYSQL).ifPresent(s -> assertThat(s.ports()).isEmpty());
  }

  @Property(tries = 300)
  void prometheusBindsOnlyLoopback(@ForAll("specs") Generated g) {
    g.plan().service(Services.PROMETHEUS).ifPresent(s -> assertThat(s.ports()).allMatch(p -> p.startsWith("127.0.0.1:")));
  }

  @Property(tries = 300)
  void noTwoPublishedHostPortsCollide(@ForAll("specs") Generated g) {
    Set<String> seen = new HashSet<>();
    for (ExposedPort port : g.plan().exposure()) {
      if (port.hostPort() != null) {
        assertThat(seen.add(port.hostPort() + "/" + port.protocol())).as("%s/%s bound twice", port.hostPort(), port.protocol()).isTrue();
      }
    }
  }

  @Property(tries = 300)
  void everyPublicPortHasItsRuleAndNoOtherApplicationRuleExists(@ForAll("specs") Generated g) {
    List<PlannedRule> rules = g.plan().firewall().rules();
    for (ExposedPort port : g.plan().exposure()) {
      boolean ruled = rules.stream().anyMatch(r -> java.util.Objects.equals(port.hostPort(), r.port()) && r.protocol() == port.protocol());
      if (port.exposure() == Exposure.PUBLIC) {
        assertThat(ruled).as("rule for public %s", port).isTrue();
      }
    }
    for (PlannedRule rule : rules) {
      boolean forPublicPort = g.plan().exposure().stream()
          .anyMatch(p -> p.exposure() == Exposure.PUBLIC && java.util.Objects.equals(p.hostPort(), rule.port()) && p.protocol() == rule.protocol());
      assertThat(forPublicPort || rule.reason().equals("extra")).as("rule %s", rule.ufwArguments()).isTrue();
    }
    assertThat(g.plan().firewall().incoming()).isEqualTo(FirewallAction.DENY);
  }

  @Property(tries = 300)
  void eachServiceIsOnlyOnTheNetworksItNeeds(@ForAll("specs") Generated g) {
    for (ComposeService service : g.plan().services()) {
      assertThat(ALLOWED_NETWORKS.get(service.name())).containsAll(service.networks());
    }
    List<String> trackerNetworks = g.plan().service(Services.TRACKER).orElseThrow().networks();
    if (trackerNetworks.contains(Segmentation.DEFAULT)) {
      assertThat(trackerNetworks).containsExactly(Segmentation.DEFAULT);
    }
    boolean mysql = g.plan().service(Services.MYSQL).isPresent();
    assertThat(g.plan().service(Services.TRACKER).orElseThrow().networks().contains(Segmentation.DATABASE)).isEqualTo(mysql);
    for (DockerNetwork network : g.plan().networks()) {
      // Compose's default network carries only a tracker that needs no other, so that it has IPv6.
      assertThat(network.members()).as("network %s has a reason to exist", network.name())
          .hasSizeGreaterThanOrEqualTo(network.name().equals(Segmentation.DEFAULT) ? 1 : 2);
    }
  }

  @Property(tries = 100)
  void renderedComposeParsesAndMatchesTheExposureTable(@ForAll("specs") Generated g) throws Exception {
    DesiredHostState state = RENDERER.render(g.plan(), g.deployment().getSpec(), new com.torrust.operator.plan.DeploymentSecrets("t", "p", "r", "u", "g"));
    PlannedFile composeFile = state.files().stream().filter(f -> f.path().endsWith("docker-compose.yml")).findFirst().orElseThrow();
    JsonNode compose = YAML.readTree(composeFile.content());

    for (ComposeService service : g.plan().services()) {
      List<String> rendered = new ArrayList<>();
      compose.path("services").path(service.name()).path("ports").forEach(p -> rendered.add(p.asText()));
      List<String> expected = g.plan().exposure().stream()
          .filter(p -> p.service().equals(service.name()) && p.hostPort() != null)
          .map(ExposedPort::composeBinding).toList();
      assertThat(rendered).as(service.name()).containsExactlyElementsOf(expected);
    }
    assertThat(compose.path("services").size()).isEqualTo(g.plan().services().size());
  }
}
