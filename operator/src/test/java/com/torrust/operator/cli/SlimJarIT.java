package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.ProjectFiles;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.runtime.EmbeddedApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's lean jar (operator/Dockerfile copies it): without the embedded API and the model groups the
 * operator never reads, it still reconciles against a Kubernetes API (the Fabric8 mock server, run by this
 * test and reached through a kubeconfig as a cluster is), and says clearly what it leaves out.
 */
class SlimJarIT {

  @TempDir Path dir;

  private static Path slim() {
    return Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar")).resolveSibling("tracker-operator-slim.jar");
  }

  @Test
  void leavesOutTheEmbeddedApiAndUnusedModelsAndSaysSo() throws Exception {
    Path full = Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar"));
    assertThat(Files.size(full) - Files.size(slim())).as("bytes the image no longer carries").isGreaterThan(6L << 20);
    try (ZipFile zip = new ZipFile(slim().toFile())) {
      assertThat(zip.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("io/vertx/") || n.startsWith("io/netty/") || n.contains("/server/mock/") || n.contains("/gatewayapi/")))
          .isEmpty();
    }
    Process embedded = new ProcessBuilder(java(), "-jar", slim().toString(), "run", "--embedded-api").redirectErrorStream(true).start();
    assertThat(embedded.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(embedded.exitValue()).isEqualTo(2);
    assertThat(new String(embedded.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("--embedded-api: this build (the operator image's lean jar", "run the full jar");
  }

  @Test
  void reconcilesAgainstAKubernetesApi() throws Exception {
    EmbeddedApi api = EmbeddedApi.start(0);
    var client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("trackers").endMetadata().build()).create();
    // The store itself (its watches are WebSockets, as the Fabric8 client uses them with a cluster), with the token.
    Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), true);
    Process operator = new ProcessBuilder(java(), "-jar", slim().toString(), "run", "--kubeconfig", kubeconfig.toString(), "-n", "trackers",
        "--http-port", "0", "--http-address", "127.0.0.1", "--log-format", "json")
        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    try {
      // A deployment whose host never answers (nobody listens on 127.0.0.1:1): the operator says so in status.
      String deployment = Files.readString(ProjectFiles.root().resolve("examples/minimal.yaml"));
      deployment = deployment.substring(deployment.indexOf("apiVersion: tracker.torrust.com"))
          .replace("address: 203.0.113.10", "address: 127.0.0.1\n    sshPort: 1");
      client.load(new java.io.ByteArrayInputStream(deployment.getBytes(StandardCharsets.UTF_8))).inNamespace("trackers").createOrReplace();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      TrackerDeployment seen = null;
      while (Instant.now().isBefore(deadline)) {
        seen = client.resources(TrackerDeployment.class).inNamespace("trackers").withName("demo").get();
        if (seen != null && seen.getStatus() != null && seen.getStatus().conditions() != null && !seen.getStatus().conditions().isEmpty()) {
          break;
        }
        Thread.sleep(500);
      }
      String log = Files.readString(dir.resolve("log"));
      assertThat(seen).isNotNull();
      assertThat(seen.getStatus()).as(log).isNotNull();
      assertThat(seen.getStatus().conditions()).as(log).extracting(c -> c.type()).contains("Ready");
      assertThat(log).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
      assertThat(operator.isAlive()).as(log).isTrue();
    } finally {
      operator.destroy();
      operator.waitFor(20, TimeUnit.SECONDS);
      api.close();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

}
