package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.NAMESPACE;
import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.api.HetznerSpec;
import com.torrust.operator.api.HostSpec;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.host.ClientKeys;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.provision.BirthKey;
import com.torrust.operator.provision.CloudInit;
import com.torrust.operator.provision.HostKeyRotation;
import com.torrust.operator.provision.Provisioner;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.provision.hetzner.FakeHetznerCloud;
import com.torrust.operator.sandbox.CloudInitEmulator;
import com.torrust.operator.sandbox.Pristine;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * provider Hetzner end to end: the operator against the mock Kubernetes API (CRUD) and a local server
 * speaking the Hetzner Cloud API; with a sandbox host playing the new server's first boot, the whole
 * way to a converged host and its deletion.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(SandboxHosts.class)
class HetznerProvisioningTest {

  private static final String TOKEN = "hcloud-secret-token-7f3e9a1c5b";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  KubernetesClient client;
  OperatorHarness operator;
  FakeHetznerCloud cloud;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeHetznerCloud(TOKEN);
    operator = new OperatorHarness(client, OperatorHarness.QUICK.withProviders(
        new ProviderSettings(cloud.url(), Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofSeconds(5))));
    operator.secret("hcloud", Map.of("token", TOKEN));
  }

  @AfterEach
  void stop() {
    operator.close();
    cloud.close();
  }

  private static String spec(String extra) {
    return """
        apiVersion: tracker.torrust.com/v1alpha1
        kind: TrackerDeployment
        metadata:
          name: demo
        spec:
          host:
            sshKeySecretRef: {name: tracker-ssh, key: ssh-privatekey}
          provider:
            type: Hetzner
            hetzner:
              tokenSecretRef: {name: hcloud, key: token}
              serverType: cx23
              location: nbg1
              labels: {team: trackers}
          tracker:
            udpTrackers: [{port: 6969}]
            httpTrackers: [{port: 7070}]
          deletionPolicy: DestroyVm
        """ + extra;
  }

  /** A new client key (not the sandbox's): the host accepts it only if the user data carried it. */
  private static String newClientKey(Path dir) throws Exception {
    Path key = dir.resolve("id_ed25519");
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return Files.readString(key);
  }

  @Test
  void createsTheServerPinsItsHostKeyFromBirthConvergesItAndDestroysIt(SandboxHost host, @TempDir Path dir) throws Exception {
    operator.secret("tracker-ssh", Map.of("ssh-privatekey", newClientKey(dir)));
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
    cloud.assignIpv4(id -> host.address());
    cloud.onCreate(server -> CloudInitEmulator.boot(host, server.userData(), Duration.ofSeconds(4)));
    Set<String> reasons = ConcurrentHashMap.newKeySet();

    operator.apply(spec(""));
    TrackerDeployment ready = operator.await("demo", Duration.ofSeconds(180), "Ready=True on the new server", r -> {
      condition(r, "Ready").ifPresent(c -> reasons.add(c.reason()));
      return is(r, "Ready", "True");
    });

    assertThat(reasons).as("progress while the server booted").contains("WaitingForCloudInit");
    ServerStatus server = ready.getStatus().server();
    FakeHetznerCloud.Stored stored = cloud.servers().values().iterator().next();
    assertThat(cloud.servers()).hasSize(1);
    assertThat(server.phase()).isEqualTo(ServerStatus.READY);
    assertThat(server.id()).isEqualTo(stored.id());
    assertThat(server.ipv4()).isEqualTo(host.address());
    assertThat(server.ipv6()).endsWith("::1");
    String birthKey = YAML.readTree(stored.userData()).path("ssh_keys").path("ed25519_public").asText();
    assertThat(reasons).as("the birth key, from the user data, was pinned while the server booted").isNotEmpty();
    // The birth key (readable from the metadata service on the server) is replaced by one only the server holds.
    String pinned = ready.getStatus().host().hostKey();
    assertThat(pinned).startsWith("ssh-ed25519 ").isNotEqualTo(birthKey).isNotEqualTo(host.hostKey());
    assertThat(host.shell("cat /etc/ssh/ssh_host_ed25519_key.pub").strip()).isEqualTo(pinned);
    assertThat(host.shell("stat -c %a /etc/ssh/ssh_host_ed25519_key").strip()).isEqualTo("600");
    assertThat(server.nextHostKey()).isNull();
    assertThat(stored.labels()).containsEntry("team", "trackers").containsKey("tracker.torrust.com/uid");
    assertThat(ready.getStatus().endpoints()).extracting(e -> e.url()).contains("http://" + host.address() + ":7070/announce");
    assertThat(host.shell("ufw status")).contains("Status: active");
    assertThat(operator.eventReasons()).contains("ServerCreated", "ServerReady", "Converged");
    assertThat(cloud.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(1);
    String everything = client.getKubernetesSerialization().asJson(ready) + operator.events().stream().map(e -> e.getMessage()).toList();
    assertThat(everything).doesNotContain(TOKEN).doesNotContain("PRIVATE KEY");

    // The pin lives in the generated Secret; status only shows it. A key written into status (anyone who
    // may patch status could) pins nothing: an operator started afresh reads status as patched, and
    // still trusts the server's own key only (with the status pin it would stop at HostKeyMismatch).
    io.fabric8.kubernetes.api.model.Secret generated = client.secrets().inNamespace(NAMESPACE).withName("demo-generated").get();
    assertThat(ClusterSecrets.value(generated, GeneratedSecret.HOST_KEY)).contains(pinned);
    client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").editStatus(r -> {
      r.setStatus(r.getStatus().withHost(new HostStatus(host.hostKey(), host.hostKeyFingerprint(), null, null, null, null)));
      return r;
    });
    operator.close();
    operator = new OperatorHarness(client, OperatorHarness.QUICK.withProviders(
        new ProviderSettings(cloud.url(), Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofSeconds(5))));
    TrackerDeployment after = operator.await("demo", Duration.ofSeconds(60), "the first look of the new operator, with the Secret's pin",
        r -> r.getStatus().host().hostKey().equals(pinned));
    assertThat(condition(after, "HostReachable").orElseThrow().reason()).isEqualTo("Connected");
    assertThat(operator.eventReasons()).doesNotContain("HostKeyMismatch");

    // A resync of the converged host asks the cloud API nothing.
    int requests = cloud.requests().size();
    client.secrets().inNamespace(NAMESPACE).withName("hcloud").edit(s -> {
      s.getMetadata().setAnnotations(Map.of("touched", "1"));
      return s;
    });
    Thread.sleep(3000);
    assertThat(cloud.requests()).hasSize(requests);

    client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").delete();
    operator.awaitGone("demo", Duration.ofSeconds(60), "the resource gone after DestroyVm");
    assertThat(cloud.servers()).as("DestroyVm deleted the server").isEmpty();
    assertThat(host.shell("docker ps -aq --filter label=com.docker.compose.project=torrust")).as("services stopped first").isBlank();
    assertThat(operator.eventReasons()).contains("ServerDeleted");
  }

  /**
   * The first boot for real: a pristine Debian 12 (systemd, the real cloud-init from Debian, NoCloud data
   * source with the user data the operator sent) on SSH port 2222, converged from bare, then rebooted.
   */
  @Test
  void aDebianServerFirstBootsWithTheRealCloudInitAndIsConvergedFromBare(@Pristine(boot = false) SandboxHost host, @TempDir Path dir)
      throws Exception {
    operator.secret("tracker-ssh", Map.of("ssh-privatekey", newClientKey(dir)));
    cloud.assignIpv4(id -> host.address());
    AtomicReference<Throwable> bootFailure = new AtomicReference<>();
    cloud.onCreate(server -> {
      // The server powers on after the API answered: boot in the background, as the cloud does.
      Thread boot = new Thread(() -> {
        try {
          Path userData = dir.resolve("user-data");
          Files.writeString(userData, server.userData());
          host.boot(userData);
        } catch (Throwable e) {
          bootFailure.set(e);
        }
      }, "first-boot");
      boot.setDaemon(true);
      boot.start();
    });

    operator.apply(spec("").replace("serverType: cx23", "serverType: cx23\n      image: debian-12")
        .replace("sshKeySecretRef: {name: tracker-ssh, key: ssh-privatekey}", "sshKeySecretRef: {name: tracker-ssh, key: ssh-privatekey}\n    sshPort: 2222"));
    TrackerDeployment ready = operator.await("demo", Duration.ofSeconds(300), "Ready=True on the new Debian server",
        r -> bootFailure.get() != null || is(r, "Ready", "True"));

    assertThat(bootFailure.get()).isNull();
    FakeHetznerCloud.Stored stored = cloud.servers().values().iterator().next();
    assertThat(stored.image()).as("debian-12's x86 build, by its id").isEqualTo("114690387");
    // cloud-init itself ran every module of the user data, from the NoCloud seed, without an error.
    assertThat(host.shell("cat /run/cloud-init/result.json")).contains("DataSourceNoCloud").containsPattern("\"errors\": \\[\\s*\\]");
    assertThat(host.shell("cloud-init status")).contains("status: done");
    assertThat(host.shell("passwd -S root").split(" ")[1]).as("root's password locked").isEqualTo("L");
    assertThat(host.shell("sshd -T | grep -E '^(port|passwordauthentication|permitrootlogin) ' | sort"))
        .isEqualTo("passwordauthentication no\npermitrootlogin no\nport 2222\n");
    assertThat(host.shell("id torrust")).contains("(sudo)");
    assertThat(host.shell("ls /etc/ssh/ | grep '^ssh_host_.*_key$'").strip()).as("only the given key type").isEqualTo("ssh_host_ed25519_key");
    String birthKey = YAML.readTree(stored.userData()).path("ssh_keys").path("ed25519_public").asText();
    String pinned = ready.getStatus().host().hostKey();
    assertThat(pinned).startsWith("ssh-ed25519 ").isNotEqualTo(birthKey);
    assertThat(host.shell("cat /etc/ssh/ssh_host_ed25519_key.pub").strip()).isEqualTo(pinned);
    // Converged from bare: installed from the local repository, the image pulled through the mirror.
    // ufw.service is the boot-time loader (oneshot): enabled, it loads the rules at the next boot.
    assertThat(host.shell("systemctl is-active docker; systemctl is-enabled docker ufw").lines().toList()).containsExactly("active", "enabled", "enabled");
    assertThat(host.shell("ufw status")).contains("Status: active", "2222/tcp");
    assertThat(host.shell("docker ps --format '{{.Names}} {{.State}}'")).contains("torrust_tracker_1 running");
    assertThat(ready.getStatus().drift()).as("no drift on the new server").isNullOrEmpty();

    // A reboot: cloud-init's per-instance modules do not run again, so the birth key does not come back;
    // the operator reaches the server with the key it pinned and finds it converged.
    host.reboot();
    assertThat(host.shell("cat /etc/ssh/ssh_host_ed25519_key.pub").strip()).isEqualTo(pinned);
    client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").edit(r -> {
      r.getMetadata().setAnnotations(Map.of("tracker.torrust.com/requestedAt", "after-reboot"));
      return r;
    });
    TrackerDeployment rebooted = operator.await("demo", Duration.ofSeconds(120), "a reconcile after the reboot",
        r -> "after-reboot".equals(r.getStatus().lastHandledReconcileAt()) && is(r, "Ready", "True"));
    assertThat(rebooted.getStatus().drift()).isNullOrEmpty();
    assertThat(operator.eventReasons()).doesNotContain("HostKeyMismatch");
    assertThat(host.shell("docker ps --format '{{.Names}} {{.State}}'")).contains("torrust_tracker_1 running");
  }

  @Test
  void aCreateWhoseAnswerIsLostIsAdoptedAndDestroyVmDeletesItEvenUnreachable() throws Exception {
    operator.secret("tracker-ssh", Map.of("ssh-privatekey", newClientKey(Files.createTempDirectory("key"))));
    cloud.loseCreateAnswers(1);
    // TEST-NET-3: never answers, the server stays "booting".
    cloud.assignIpv4(id -> "203.0.113.77");

    operator.apply(spec(""));
    TrackerDeployment booting = operator.await("demo", Duration.ofSeconds(60), "the server adopted and waited for",
        r -> r.getStatus() != null && r.getStatus().server() != null && r.getStatus().server().id() != null
            && condition(r, "Ready").map(c -> c.reason().equals("WaitingForSsh")).orElse(false));

    assertThat(cloud.servers()).hasSize(1).containsKey(booting.getStatus().server().id());
    assertThat(cloud.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(1);
    assertThat(is(booting, "Reconciling", "True")).isTrue();
    assertThat(condition(booting, "Stalled")).isEmpty();
    assertThat(condition(booting, "Ready").orElseThrow().message()).contains("203.0.113.77:22");
    assertThat(booting.getStatus().host().hostKey()).startsWith("ssh-ed25519 ");

    client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").delete();
    operator.awaitGone("demo", Duration.ofSeconds(60), "the resource gone after DestroyVm of an unreachable server");
    assertThat(cloud.servers()).as("deleted although it never answered").isEmpty();
  }

  /**
   * The key replacement stopped half-way, as after an operator restart: the replacement recorded and
   * installed but not confirmed, or recorded and never installed. Either way the next look gets in
   * (both keys are accepted) and ends with the key the server really serves pinned alone.
   */
  @Test
  void anInterruptedKeyReplacementIsConfirmedOrRedoneAndNeverLocksTheOperatorOut(SandboxHost host, @TempDir Path dir) throws Exception {
    String clientKey = newClientKey(dir);
    BirthKey birth = BirthKey.generate();
    CloudInitEmulator.boot(host, CloudInit.userData("torrust", ClientKeys.publicKeyLine(clientKey), 22, birth), Duration.ZERO);
    assertThat(host.exec("test", "-f", "/var/lib/cloud/instance/boot-finished").exitCode()).as("booted").isZero();
    operator.apply(spec("").replace("metadata:\n  name: demo", "metadata:\n  name: demo\n  annotations: {tracker.torrust.com/paused: \"true\"}"));
    ServerStage stage = new ServerStage(new Provisioner(token -> { throw new AssertionError("no API call for a recorded server"); },
        java.time.Clock.systemUTC(), Duration.ofSeconds(5)), new HostConnections(2),
        new ProviderSettings(cloud.url(), Duration.ofMinutes(3), Duration.ofSeconds(1), Duration.ofSeconds(5)), java.time.Clock.systemUTC());
    HostSpec hostSpec = new HostSpec(null, 22, "torrust", new SecretKeyRef("tracker-ssh", "ssh-privatekey"), null, null);
    HetznerSpec hetzner = new HetznerSpec(new SecretKeyRef("hcloud", "token"), "cx23", "nbg1", "ubuntu-24.04", null);
    String created = java.time.Instant.now().toString();

    // 1. Recorded and installed, not confirmed: confirmed as it is, no other key made.
    BirthKey installed = BirthKey.generate();
    host.shell(HostKeyRotation.script(installed));
    host.awaitSshdAfterReload();
    TrackerDeployment resource = booting(birth.publicKeyLine(), new ServerStatus(ServerStatus.BOOTING, 7L, "demo-x", host.address(), null,
        null, created, installed.publicKeyLine()));
    MemoryPins pins = new MemoryPins(birth.publicKeyLine(), installed.publicKeyLine());
    ServerStage.Result result = stage.run(resource, hostSpec, hetzner, TOKEN, clientKey, new StatusWriter(client), pins);

    assertThat(result.stop()).isNull();
    assertThat(result.address()).isEqualTo(host.address());
    assertThat(pins.pinned).isEqualTo(installed.publicKeyLine());
    assertThat(pins.next).isNull();
    TrackerDeployment confirmed = operator.get("demo");
    assertThat(confirmed.getStatus().host().hostKey()).as("status shows it").isEqualTo(installed.publicKeyLine());
    assertThat(confirmed.getStatus().server().nextHostKey()).isNull();
    assertThat(confirmed.getStatus().server().phase()).isEqualTo(ServerStatus.READY);
    assertThat(host.shell("cat /etc/ssh/ssh_host_ed25519_key.pub").strip()).isEqualTo(installed.publicKeyLine());

    // 2. Recorded, never installed (its private half died with the operator): a new one is made and pinned.
    BirthKey lost = BirthKey.generate();
    resource = booting(installed.publicKeyLine(), new ServerStatus(ServerStatus.BOOTING, 7L, "demo-x", host.address(), null, null, created,
        lost.publicKeyLine()));
    pins = new MemoryPins(installed.publicKeyLine(), lost.publicKeyLine());
    result = stage.run(resource, hostSpec, hetzner, TOKEN, clientKey, new StatusWriter(client), pins);

    assertThat(result.stop()).isNull();
    String pinned = pins.pinned;
    assertThat(operator.get("demo").getStatus().host().hostKey()).isEqualTo(pinned);
    assertThat(pinned).isNotIn(installed.publicKeyLine(), lost.publicKeyLine());
    assertThat(host.shell("cat /etc/ssh/ssh_host_ed25519_key.pub").strip()).isEqualTo(pinned);
  }

  /** Pins kept in memory, as the generated Secret keeps them in the operator. */
  private static final class MemoryPins implements ServerStage.PinStore {
    String pinned;
    String next;

    MemoryPins(String pinned, String next) {
      this.pinned = pinned;
      this.next = next;
    }

    @Override
    public String pinned() {
      return pinned;
    }

    @Override
    public String next() {
      return next;
    }

    @Override
    public void pin(String keyLine) {
      pinned = keyLine;
      next = null;
    }

    @Override
    public void next(String keyLine) {
      next = keyLine;
    }
  }

  /** Stores a status of a booting server with this key pinned, and returns the resource as stored. */
  private TrackerDeployment booting(String pinnedKey, ServerStatus server) {
    client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").editStatus(r -> {
      r.setStatus(new TrackerDeploymentStatus(null, null, new HostStatus(pinnedKey, null, null, null, null, null), null, null, null, server));
      return r;
    });
    return operator.get("demo");
  }
}
