package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The jar (built for Java 17) on a JVM with virtual threads that do not pin (24 or later, e.g. the
 * Temurin 25 most machines here carry): it says so at start, converges a real host, and its change
 * feed, read on a virtual thread, still brings a rogue container's port into status between resyncs.
 */
@ExtendWith(SandboxHosts.class)
class VirtualThreadsIT {

  @Test
  void onANewerJavaTheFeedsRunOnVirtualThreadsAndStillSeeDrift(SandboxHost host) throws Exception {
    Optional<Path> java = newerJava();
    Assumptions.assumeTrue(java.isPresent(), "no JDK 24 or later under /usr/lib/jvm: the virtual-thread path needs one (Java 17 runs the platform path in every other test)");
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
    host.shell("docker rm -f vt-rogue >/dev/null 2>&1; true");
    Path dir = Files.createTempDirectory("virtual-threads");
    Path manifests = Files.createDirectory(dir.resolve("manifests"));
    String key = Files.readString(host.sshKey());
    Files.writeString(manifests.resolve("all.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: tracker-ssh, labels: {tracker.torrust.com/usable: \"true\"}}\n"
        + "type: kubernetes.io/ssh-auth\nstringData:\n  ssh-privatekey: |\n" + key.indent(4)
        + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: tracker-api, labels: {tracker.torrust.com/usable: \"true\"}}\nstringData: {token: vt-token-1234567890}\n"
        + "---\napiVersion: tracker.torrust.com/v1alpha1\nkind: TrackerDeployment\nmetadata: {name: vt}\nspec:\n"
        + "  resyncInterval: 10m\n  drift: {mode: Report}\n"
        + "  host:\n    address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root\n    hostKey: \"" + host.hostKeyFingerprint() + "\"\n"
        + "    sshKeySecretRef: {name: tracker-ssh, key: ssh-privatekey}\n"
        + "  tracker:\n    udpTrackers: [{port: 6969}]\n    httpTrackers: [{port: 7070}]\n    httpApi: {port: 1212, adminTokenSecretRef: {name: tracker-api, key: token}}\n");
    Path jar = Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar"));
    Process process = new ProcessBuilder(java.get().toString(), "-jar", jar.toString(), "run", "--embedded-api", "--apply", manifests.toString(),
        "--http-port", "0", "--http-address", "127.0.0.1", "--health-wait", "60")
        .redirectError(dir.resolve("stderr").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      assertThat(await(out, seen, "vt: Ready=True", 180)).as(seen.toString()).isTrue();
      assertThat(Files.readString(dir.resolve("stderr"))).contains("SSH transport readers, change feeds and session I/O run on virtual threads (Java");
      // The kept connection reads on a virtual thread: no platform thread of SSHJ's reader among the process's (its name is "sshj-Reader...").
      assertThat(platformThreadNames(process.pid())).isNotEmpty().noneMatch(n -> n.startsWith("sshj-Reader"));

      Thread.sleep(3000); // the feed starts after the reconcile
      host.shell("docker run -d --name vt-rogue -p 9999:9999 " + host.image() + " sleep 100000 >/dev/null");
      assertThat(await(out, seen, "Drifted=True", 60)).as("the feed brought the rogue port in before the 10-minute resync: " + seen).isTrue();
      assertThat(platformThreadNames(process.pid())).noneMatch(n -> n.startsWith("sshj-Reader"));
    } finally {
      host.shell("docker rm -f vt-rogue >/dev/null 2>&1; true");
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The names the kernel knows of a process's threads (platform threads only: virtual ones are not threads of the OS). */
  private static java.util.List<String> platformThreadNames(long pid) throws IOException {
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks.map(t -> {
        try {
          return Files.readString(t.resolve("comm")).strip();
        } catch (IOException e) {
          return ""; // the thread ended meanwhile
        }
      }).toList();
    }
  }

  private static boolean await(BufferedReader out, StringBuilder seen, String text, int seconds) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** The newest JDK under /usr/lib/jvm whose feature version is 24 or more (read from its release file). */
  static Optional<Path> newerJava() throws IOException {
    Path jvm = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvm)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvm)) {
      return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && feature(h) >= 24)
          .max(Comparator.comparingInt(VirtualThreadsIT::feature)).map(h -> h.resolve("bin/java"));
    }
  }

  private static int feature(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a JDK we can read
    }
    return 0;
  }
}
