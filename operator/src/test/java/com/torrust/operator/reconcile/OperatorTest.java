package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.NAMESPACE;
import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator against the mock API server (CRUD) with a real sandbox host behind it. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(SandboxHosts.class)
class OperatorTest {

  KubernetesClient client;
  OperatorHarness operator;

  @BeforeEach
  void start() {
    operator = new OperatorHarness(client, OperatorHarness.QUICK);
  }

  @AfterEach
  void stop() {
    operator.close();
  }

  private static void trackerStandIn(SandboxHost host) {
    // Answers on the tracker's TCP ports, so the planned public ports really listen.
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
  }

  @Test
  void convergesThenReportsARoguePortAndRepairsWhatItOwns(SandboxHost host) throws Exception {
    trackerStandIn(host);
    operator.sshKeySecret(host);

    operator.apply(host, "  resyncInterval: 10s\n");

    TrackerDeployment ready = operator.await("demo", Duration.ofSeconds(150), "Ready=True", r -> is(r, "Ready", "True"));
    assertThat(ready.getStatus().observedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().host().hostKeyFingerprint()).isEqualTo(host.hostKeyFingerprint());
    assertThat(ready.getStatus().host().os()).contains("Debian");
    // What runs, as Docker records it, recorded on the host at deploy time (spec.images).
    String runs = host.shell("docker inspect --format '{{.Image}}' $(docker ps -q --filter label=com.docker.compose.service=tracker)").trim();
    assertThat(ready.getStatus().host().images()).singleElement().satisfies(image -> {
      assertThat(image.service()).isEqualTo("tracker");
      assertThat(image.image()).isEqualTo("torrust/tracker:v3.0.0");
      assertThat(image.id()).isEqualTo(runs);
      assertThat(image.recordedAt()).isNotNull();
    });
    assertThat(host.shell("cat /var/lib/tracker-operator/images")).contains("tracker torrust/tracker:v3.0.0 " + runs + " - ");
    assertThat(ready.getStatus().endpoints()).extracting(e -> e.url())
        .contains("udp://" + host.address() + ":6969/announce", "http://" + host.address() + ":7070/announce");
    assertThat(condition(ready, "Drifted").orElseThrow().reason()).isEqualTo("NoDriftDetected");
    assertThat(condition(ready, "Reconciling")).isEmpty();
    assertThat(condition(ready, "Stalled")).isEmpty();
    assertThat(host.shell("ufw status")).contains("Status: active");
    assertThat(host.tcpReachable(7070)).isTrue();
    Secret generated = client.secrets().inNamespace(NAMESPACE).withName("demo-generated").get();
    assertThat(generated.getData()).containsKeys("api-admin-token", "status-hash-key");
    assertThat(generated.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getName()).isEqualTo("demo"));
    assertThat(operator.eventReasons()).contains("ChangesApplied", "Converged");

    // A resync of an unchanged host writes nothing (status writes would change the resourceVersion):
    // 12 s is more than one resync interval of 10 s with its 10 % jitter.
    String version = client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").get().getMetadata().getResourceVersion();
    // And costs the host one command: the check's look also reads the owner marker. Counted between two
    // reconcile ends (the resync interval apart), so no reconcile is half inside the window.
    long commands = awaitReconcileEnd();
    long reconciles = OperatorHarness.reconciles(operator.metrics);
    long commandsAfter = awaitReconcileEnd();
    assertThat(OperatorHarness.reconciles(operator.metrics) - reconciles).isEqualTo(1);
    assertThat(commandsAfter - commands).as("commands started on the host by one steady-state reconcile").isEqualTo(1);
    assertThat(client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").get().getMetadata().getResourceVersion())
        .as("no write on a steady-state resync").isEqualTo(version);

    host.shell("docker run -d --name rogue -p 9999:80 " + host.image() + " httpd -f -p 80 -h /www");
    TrackerDeployment drifted = operator.await("demo", Duration.ofSeconds(25), "Drifted=True naming port 9999 (one resync)",
        r -> is(r, "Drifted", "True") && r.getStatus().drift().stream().anyMatch(d -> Integer.valueOf(9999).equals(d.port())));
    assertThat(drifted.getStatus().drift()).anySatisfy(d -> {
      assertThat(d.kind()).isEqualTo("UnexpectedPublicPort");
      assertThat(d.source()).isEqualTo("rogue");
    });
    assertThat(is(drifted, "Ready", "False")).isTrue();
    assertThat(operator.events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("DriftDetected");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("9999");
    });
    assertThat(host.shell("docker ps --format '{{.Names}}'")).as("a container the deployment does not own is never touched").contains("rogue");

    host.shell("docker rm -f rogue");
    operator.await("demo", Duration.ofSeconds(25), "Drifted=False after the rogue container is gone",
        r -> is(r, "Drifted", "False") && is(r, "Ready", "True"));
    assertThat(operator.eventReasons()).contains("DriftResolved");

    host.shell("ufw --force disable");
    operator.await("demo", Duration.ofSeconds(25), "UFW re-enabled by Remediate", r -> r.getStatus().lastAppliedHash() != null
        && host.shell("ufw status").contains("Status: active") && is(r, "Ready", "True"));

    String everything = client.getKubernetesSerialization().asJson(operator.get("demo").getStatus())
        + operator.events().stream().map(e -> e.getMessage()).reduce("", String::concat);
    String token = new String(Base64.getDecoder().decode(generated.getData().get("api-admin-token")));
    assertThat(everything).doesNotContain(token).doesNotContain(Files.readString(host.sshKey()).lines().skip(1).findFirst().orElseThrow());
  }

  /** Waits for the next reconcile to end (its count moving); returns the commands started on hosts by then. */
  private long awaitReconcileEnd() throws InterruptedException {
    long before = OperatorHarness.reconciles(operator.metrics);
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    while (OperatorHarness.reconciles(operator.metrics) == before) {
      assertThat(System.nanoTime()).as("a resync within 25 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    return com.torrust.operator.host.SshConnection.commandsStarted();
  }

  @Test
  void theHostsChangeFeedReportsDriftLongBeforeTheResync(SandboxHost host) throws Exception {
    trackerStandIn(host);
    operator.sshKeySecret(host);
    // Report mode and a ten-minute resync: only the change feed can bring the drift into status in time.
    operator.apply(host, "  resyncInterval: 10m\n  drift: {mode: Report}\n");
    operator.await("demo", Duration.ofSeconds(150), "Ready=True", r -> is(r, "Ready", "True"));

    host.shell("docker run -d --name rogue -p 9999:80 " + host.image() + " httpd -f -p 80 -h /www");
    TrackerDeployment drifted = operator.await("demo", Duration.ofSeconds(30), "Drifted=True from the change feed (resync is 10m)",
        r -> is(r, "Drifted", "True"));
    assertThat(drifted.getStatus().drift()).anySatisfy(f -> assertThat(f.port()).isEqualTo(9999));

    host.shell("docker rm -f rogue");
    operator.await("demo", Duration.ofSeconds(30), "Drifted=False from the change feed", r -> is(r, "Drifted", "False"));

    // A feed the host ends (its program killed) is counted, per resource, for an alert to find.
    assertThat(operator.metrics.registry().find("tracker_operator_change_feed_ends").counter()).as("no series while it runs").isNull();
    host.shell("pkill -f '^bash -s [0-9.]+ [0-9]+ [0-9]+ [0-9]+$'");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    io.micrometer.core.instrument.Counter ends = null;
    while (ends == null && System.nanoTime() < deadline) {
      ends = operator.metrics.registry().find("tracker_operator_change_feed_ends").tags("namespace", OperatorHarness.NAMESPACE, "name", "demo").counter();
      Thread.sleep(100);
    }
    assertThat(ends).as("the end of the feed counted").isNotNull();
    assertThat(ends.count()).isEqualTo(1.0);
  }

  @Test
  void rotatingASecretRewritesTheFileHoldingItOnTheHost(SandboxHost host) throws Exception {
    trackerStandIn(host);
    operator.sshKeySecret(host);
    operator.secret("api-token", Map.of("token", "first-token-value"));

    // Report mode with a long interval: only the Secret change can make the operator converge again.
    operator.apply(com.torrust.operator.Specs.MINIMAL
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root"
            + "\n    hostKey: " + host.hostKeyFingerprint())
        .replace("    httpTrackers: [{port: 7070}]\n", "    httpTrackers: [{port: 7070}]\n    httpApi: {adminTokenSecretRef: {name: api-token, key: token}}\n")
        + "  resyncInterval: 10m\n  drift: {mode: Report}\n");
    TrackerDeployment first = operator.await("demo", Duration.ofSeconds(150), "Ready=True", r -> is(r, "Ready", "True")
        && host.exec("sh", "-c", "grep -rl first-token-value /opt/torrust").exitCode() == 0);
    String tracker = host.shell("docker inspect -f '{{.State.StartedAt}}' $(docker ps -q --filter label=com.docker.compose.service=tracker)");

    operator.secret("api-token", Map.of("token", "second-token-value"));

    TrackerDeployment second = operator.await("demo", Duration.ofSeconds(60), "the new token on the host (Report mode: the Secret changed)",
        r -> !r.getStatus().lastAppliedHash().equals(first.getStatus().lastAppliedHash()) && is(r, "Ready", "True"));
    assertThat(host.exec("sh", "-c", "grep -rl second-token-value /opt/torrust").exitCode()).isZero();
    assertThat(host.exec("sh", "-c", "grep -rl first-token-value /opt/torrust").exitCode()).isNotZero();
    assertThat(second.getStatus().lastAppliedHash()).startsWith("hmac-sha256:");
    assertThat(host.shell("docker inspect -f '{{.State.StartedAt}}' $(docker ps -q --filter label=com.docker.compose.service=tracker)"))
        .as("the tracker restarted to read its new token").isNotEqualTo(tracker);
  }

  @Test
  void deletingWithStopServicesRemovesTheContainersThenTheFinalizer(SandboxHost host) throws Exception {
    trackerStandIn(host);
    operator.sshKeySecret(host);
    operator.apply(host, "  deletionPolicy: StopServices\n");
    TrackerDeployment ready = operator.await("demo", Duration.ofSeconds(150), "Ready=True", r -> is(r, "Ready", "True"));
    assertThat(ready.getMetadata().getFinalizers()).contains(TrackerDeploymentReconciler.FINALIZER);
    assertThat(host.shell("docker ps -q --filter label=com.docker.compose.project=torrust")).isNotBlank();

    client.resource(ready).delete();

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (operator.get("demo") != null && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(operator.get("demo")).as("finalizer removed, resource gone").isNull();
    assertThat(host.shell("docker ps -aq --filter label=com.docker.compose.project=torrust")).isBlank();
    assertThat(host.exec("test", "-f", "/opt/torrust/docker-compose.yml").exitCode()).as("files stay").isZero();
    assertThat(host.shell("ufw status")).as("the firewall stays").contains("Status: active");
  }
}
