package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.converge.HostClaim;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants on one cluster and one host, on the mock API server with real sandbox hosts: one resource per
 * host, nothing written before a host key is confirmed, and a host claimed elsewhere left alone.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(SandboxHosts.class)
class TenancyTest {

  KubernetesClient client;
  OperatorHarness operator;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    operator = new OperatorHarness(client, OperatorHarness.QUICK);
  }

  @AfterEach
  void stop() {
    operator.close();
  }

  private void sshKey(String namespace, String privateKey) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).createOr(n -> n.update());
    Secret secret = new SecretBuilder().withNewMetadata().withName("tracker-ssh").withNamespace(namespace)
        .addToLabels(SecretAccess.USABLE_LABEL, "true").endMetadata().withStringData(Map.of("ssh-privatekey", privateKey)).build();
    client.secrets().inNamespace(namespace).resource(secret).createOr(s -> s.update());
  }

  private void apply(String namespace, SandboxHost host, String hostKeyLine) {
    String yaml = com.torrust.operator.Specs.MINIMAL.replace("  name: demo\n", "  name: tracker\n")
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root" + hostKeyLine);
    TrackerDeployment resource = client.getKubernetesSerialization().unmarshal(yaml, TrackerDeployment.class);
    resource.getMetadata().setNamespace(namespace);
    client.resource(resource).createOr(r -> r.update());
  }

  private TrackerDeployment await(String namespace, String what, Predicate<TrackerDeployment> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    TrackerDeployment last = null;
    while (System.nanoTime() < deadline) {
      last = client.resources(TrackerDeployment.class).inNamespace(namespace).withName("tracker").get();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("waited for " + what + " in " + namespace + "; last status: " + (last == null ? null : last.getStatus()));
  }

  private static Predicate<TrackerDeployment> readyReason(String reason) {
    return r -> condition(r, "Ready").map(c -> c.reason().equals(reason)).orElse(false);
  }

  private static void trackerStandIn(SandboxHost host) {
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
  }

  @Test
  void aSecondNamespaceNamingTheSameHostNeverReachesIt(SandboxHost host) throws Exception {
    trackerStandIn(host);
    String pin = "\n    hostKey: " + host.hostKeyFingerprint();
    sshKey("team-a", Files.readString(host.sshKey()));
    apply("team-a", host, pin);
    await("team-a", "Ready=True", r -> is(r, "Ready", "True"));
    assertThat(host.shell("cat " + HostClaim.MARKER).strip()).isEqualTo("team-a/tracker");

    // Team B knows the address, the user and the host key (all public) but holds no valid key.
    Path other = dir.resolve("id_other");
    assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor()).isZero();
    sshKey("team-b", Files.readString(other));
    apply("team-b", host, pin);
    TrackerDeployment refused = await("team-b", "Ready=False HostClaimed", readyReason("HostClaimed"));
    assertThat(condition(refused, "Stalled").orElseThrow().reason()).isEqualTo("HostClaimed");
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains("a TrackerDeployment of another namespace", "nothing was sent")
        .doesNotContain("team-a");
    assertThat(refused.getStatus().host()).as("nothing was learned from the host").isNull();

    // Its deletion leaves team A's services running.
    client.resources(TrackerDeployment.class).inNamespace("team-b").withName("tracker").delete();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (client.resources(TrackerDeployment.class).inNamespace("team-b").withName("tracker").get() != null && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(client.resources(TrackerDeployment.class).inNamespace("team-b").withName("tracker").get()).as("deleted").isNull();
    assertThat(host.shell("docker ps --format '{{.Names}}'")).contains("tracker");
    assertThat(host.tcpReachable(7070)).isTrue();
  }

  @Test
  void aHostClaimedFromElsewhereIsLeftAsItIs(SandboxHost host) throws Exception {
    // Claimed by a resource this operator cannot see (another cluster or shard).
    host.shell("mkdir -p /var/lib/tracker-operator && echo elsewhere/tracker > " + HostClaim.MARKER);
    sshKey("team-a", Files.readString(host.sshKey()));
    apply("team-a", host, "\n    hostKey: " + host.hostKeyFingerprint());

    TrackerDeployment refused = await("team-a", "Ready=False HostClaimed", readyReason("HostClaimed"));
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains(HostClaim.MARKER, "nothing was changed");
    assertThat(host.shell("test -e /opt/torrust && echo written || echo untouched").strip()).isEqualTo("untouched");
    assertThat(host.shell("ufw status")).contains("inactive");
    assertThat(host.shell("cat " + HostClaim.MARKER).strip()).isEqualTo("elsewhere/tracker");
  }

  @Test
  void aFirstContactRecordsTheKeyAndWritesNothingUntilAPersonConfirmsIt(SandboxHost host) throws Exception {
    trackerStandIn(host);
    sshKey("team-a", Files.readString(host.sshKey()));
    apply("team-a", host, "");

    TrackerDeployment unconfirmed = await("team-a", "Ready=False HostKeyUnconfirmed", readyReason("HostKeyUnconfirmed"));
    assertThat(unconfirmed.getStatus().host().hostKeyFingerprint()).isEqualTo(host.hostKeyFingerprint());
    assertThat(condition(unconfirmed, "Stalled").orElseThrow().reason()).isEqualTo("HostKeyUnconfirmed");
    assertThat(condition(unconfirmed, "Ready").orElseThrow().message())
        .contains("kubectl -n team-a annotate trackerdeployment tracker tracker.torrust.com/host-key=" + host.hostKeyFingerprint());
    assertThat(host.shell("test -e /opt/torrust || test -e " + HostClaim.MARKER + " && echo written || echo untouched").strip())
        .isEqualTo("untouched");

    client.resources(TrackerDeployment.class).inNamespace("team-a").withName("tracker").edit(r -> {
      r.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(Annotations.HOST_KEY, host.hostKeyFingerprint())));
      return r;
    });
    await("team-a", "Ready=True after the confirmation", r -> is(r, "Ready", "True"));
    assertThat(host.shell("cat " + HostClaim.MARKER).strip()).isEqualTo("team-a/tracker");
  }
}
