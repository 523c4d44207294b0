package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys people really have: one protected by a passphrase (made by the real ssh-keygen) and one held by
 * the real ssh-agent, against a sandbox host's OpenSSH. The CLI runs as its own process, as a user starts
 * it, so that its environment (SSH_AUTH_SOCK, the passphrase variable) is real and it has no terminal.
 */
@ExtendWith(SandboxHosts.class)
class SshKeyOptionsTest {

  @TempDir Path dir;

  record Cli(int exitCode, String out) {}

  private static Cli cli(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "com.torrust.operator.cli.TrackerOperatorCommand"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().remove("SSH_AUTH_SOCK");
    builder.environment().remove(HostOptions.PASSPHRASE_VARIABLE);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Cli(process.exitValue(), out);
  }

  private static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }

  @Test
  void aKeyWithAPassphraseAndAKeyInTheAgentBothReachTheHost(SandboxHost host) throws Exception {
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
    Path manifest = dir.resolve("td.yaml");
    Files.writeString(manifest, host.manifest(Specs.MINIMAL, "key-options-token"));
    Path locked = dir.resolve("locked_key");
    Files.copy(host.sshKey(), locked);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
    exec("ssh-keygen", "-q", "-p", "-f", locked.toString(), "-P", "", "-N", "correct horse");
    assertThat(Files.readString(locked)).contains("BEGIN OPENSSH PRIVATE KEY");
    String[] target = {"check", "-f", manifest.toString(), "--host-key", host.hostKeyFingerprint()};

    // No passphrase and no terminal to ask on: refused before anything reaches the network, saying how to give it.
    Cli none = cli(Map.of(), concat(target, "--ssh-key", locked.toString()));
    assertThat(none.exitCode()).as(none.out()).isEqualTo(2);
    assertThat(none.out()).contains("is protected by a passphrase", "--ssh-key-passphrase-file", HostOptions.PASSPHRASE_VARIABLE, "--ssh-agent");

    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "correct horse\n");
    Cli fromFile = cli(Map.of(), concat(target, "--ssh-key", locked.toString(), "--ssh-key-passphrase-file", passphrase.toString()));
    assertThat(fromFile.out()).as(fromFile.out()).contains("Host root@" + host.address());
    assertThat(fromFile.exitCode()).isEqualTo(1); // a fresh host: drift, but it was looked at

    Cli fromEnvironment = cli(Map.of(HostOptions.PASSPHRASE_VARIABLE, "correct horse"), concat(target, "--ssh-key", locked.toString()));
    assertThat(fromEnvironment.out()).contains("Host root@" + host.address());
    Cli wrong = cli(Map.of(HostOptions.PASSPHRASE_VARIABLE, "battery staple"), concat(target, "--ssh-key", locked.toString()));
    assertThat(wrong.out()).contains("cannot be decrypted with the passphrase given").doesNotContain("battery staple");
    assertThat(wrong.exitCode()).isNotIn(0, 1);

    // The real ssh-agent holds the key; the CLI never reads it.
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
    try {
      for (int i = 0; i < 50 && !Files.exists(socket); i++) {
        Thread.sleep(100);
      }
      Cli empty = cli(Map.of("SSH_AUTH_SOCK", socket.toString()), concat(target, "--ssh-agent"));
      assertThat(empty.out()).contains("holds no key (ssh-add adds one)");
      ProcessBuilder adding = new ProcessBuilder("ssh-add", host.sshKey().toString()).redirectErrorStream(true);
      adding.environment().put("SSH_AUTH_SOCK", socket.toString());
      Process added = adding.start();
      assertThat(added.waitFor()).as(new String(added.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

      Cli viaAgent = cli(Map.of("SSH_AUTH_SOCK", socket.toString()), concat(target, "--ssh-agent"));
      assertThat(viaAgent.out()).as(viaAgent.out()).contains("Host root@" + host.address());
      assertThat(viaAgent.exitCode()).isEqualTo(1);
      Cli apply = cli(Map.of("SSH_AUTH_SOCK", socket.toString()),
          "apply", "-f", manifest.toString(), "--host-key", host.hostKeyFingerprint(), "--ssh-agent", "--wait", "30");
      assertThat(apply.exitCode()).as(apply.out()).isZero();

      Cli both = cli(Map.of("SSH_AUTH_SOCK", socket.toString()), concat(target, "--ssh-agent", "--ssh-key", locked.toString()));
      assertThat(both.out()).contains("either --ssh-key or --ssh-agent, not both");
      Cli neither = cli(Map.of(), target);
      assertThat(neither.out()).contains("Missing required option: '--ssh-key=KEYFILE' (or --ssh-agent");
    } finally {
      agent.destroy();
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
