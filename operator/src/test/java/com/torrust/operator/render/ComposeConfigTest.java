package com.torrust.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.Planner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rendered compose files as real Docker Compose reads them: {@code docker-compose config} (v1, the
 * version Debian 12 hosts have; it needs no engine) must accept them, and the ports it resolves must
 * be the plan's. scripts/test.sh installs docker-compose, so this runs in CI.
 */
class ComposeConfigTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @BeforeAll
  static void composeIsInstalled() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
        "docker-compose is not installed (scripts/test.sh installs it with apt-get)");
  }

  static Stream<TrackerDeployment> deployments() throws IOException, URISyntaxException {
    List<TrackerDeployment> all = new ArrayList<>(List.of(Specs.minimal(), Specs.full()));
    Path valid = Path.of(ComposeConfigTest.class.getClassLoader().getResource("specs/valid").toURI());
    try (Stream<Path> files = Files.list(valid)) {
      for (Path file : files.sorted().toList()) {
        all.add(Specs.admit(YAML.readTree(file.toFile())));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void dockerComposeAcceptsTheFileAndResolvesThePlannedPorts(TrackerDeployment deployment, @TempDir Path dir) throws Exception {
    HostPlan plan = Planner.plan(deployment.getMetadata().getName(), deployment.getSpec());
    DesiredHostState state = new FileRenderer().render(plan, deployment.getSpec(),
        new DeploymentSecrets("7k#mP9$vL2@qX5nR8jW", "p$w#d", "r", "u", "g"));
    for (PlannedFile file : state.files()) {
      if (file.path().endsWith("/docker-compose.yml") || file.path().endsWith("/.env")) {
        Files.writeString(dir.resolve(file.path().substring(file.path().lastIndexOf('/') + 1)), file.content());
      }
    }

    Process compose = new ProcessBuilder("docker-compose", "--project-directory", dir.toString(), "-f",
        dir.resolve("docker-compose.yml").toString(), "config").redirectErrorStream(false).start();
    String out = new String(compose.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(compose.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(compose.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(compose.exitValue()).as(err).isZero();
    assertThat(err).as("compose warnings").doesNotContain("WARNING");

    JsonNode resolved = YAML.readTree(out);
    for (ComposeService service : plan.services()) {
      List<String> ports = new ArrayList<>();
      for (JsonNode port : resolved.path("services").path(service.name()).path("ports")) {
        ports.add(port.isTextual() ? normalize(port.asText()) : normalize(port));
      }
      assertThat(ports).as("ports of %s as compose resolves them", service.name()).containsExactlyInAnyOrderElementsOf(service.ports());
    }
  }

  /** Long form: {published, target, protocol, host_ip}. */
  private static String normalize(JsonNode port) {
    return binding(port.path("host_ip").asText(""), port.path("published").asText(), port.path("target").asText(),
        port.path("protocol").asText("tcp"));
  }

  /** Short form as compose v1 prints it: HOST_IP:PUBLISHED:TARGET/PROTOCOL, an IPv6 host IP unbracketed. */
  private static String normalize(String port) {
    String[] protocolSplit = port.split("/");
    String[] parts = protocolSplit[0].split(":");
    String target = parts[parts.length - 1];
    String published = parts[parts.length - 2];
    String hostIp = protocolSplit[0].substring(0, protocolSplit[0].length() - target.length() - published.length() - 2);
    return binding(hostIp, published, target, protocolSplit.length > 1 ? protocolSplit[1] : "tcp");
  }

  private static String binding(String hostIp, String published, String target, String protocol) {
    String host = hostIp.isEmpty() ? "" : (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":";
    return host + published + ":" + target + (protocol.equals("udp") ? "/udp" : "");
  }
}
