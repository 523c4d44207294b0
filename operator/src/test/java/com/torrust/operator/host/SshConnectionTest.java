package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.torrust.operator.host.HostAccessException.Reason;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SSH access to real OpenSSH servers on sandbox hosts. */
@ExtendWith(SandboxHosts.class)
class SshConnectionTest {

  private static SshTarget target(SandboxHost host, HostKeyPin pin) throws Exception {
    return new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()), pin);
  }

  @Test
  void runsCommandsOnAHostPinnedByFingerprintOrByKeyLine(SandboxHost host) throws Exception {
    try (SshConnection byFingerprint = SshConnection.open(target(host, HostKeyPin.parse(host.hostKeyFingerprint())));
        SshConnection byLine = SshConnection.open(target(host, HostKeyPin.parse(host.hostKey() + " a-comment")))) {
      CommandResult result = byFingerprint.run("id -u; echo out; echo err >&2; exit 3");

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.stdout()).isEqualTo("0\nout\n");
      assertThat(result.stderr()).isEqualTo("err\n");
      assertThat(byLine.run("hostname").stdout()).isEqualTo("sandbox-" + host.name() + "\n");
      assertThat(HostKeys.fingerprint(byFingerprint.hostKey())).isEqualTo(host.hostKeyFingerprint());
    }
  }

  @Test
  void aPinnedEcdsaOrRsaKeyIsAskedForNotMistakenForAMismatch(SandboxHost host) throws Exception {
    // The host gets ECDSA and RSA keys besides its Ed25519 one, which SSHJ would otherwise negotiate.
    host.shell("ssh-keygen -q -t ecdsa -N '' -f /etc/ssh/ssh_host_ecdsa_key && ssh-keygen -q -t rsa -b 2048 -N '' -f /etc/ssh/ssh_host_rsa_key"
        + " && printf 'HostKey /etc/ssh/ssh_host_ecdsa_key\\nHostKey /etc/ssh/ssh_host_rsa_key\\n' >> /etc/ssh/sshd_config"
        + " && kill -HUP $(cat " + host.stateDir().resolve("sshd.pid") + ")");
    host.awaitSshdAfterReload();
    for (String type : java.util.List.of("ecdsa", "rsa")) {
      String line = host.shell("cat /etc/ssh/ssh_host_" + type + "_key.pub").strip();
      String fingerprint = host.shell("ssh-keygen -lf /etc/ssh/ssh_host_" + type + "_key.pub").split(" ")[1];
      try (SshConnection byLine = SshConnection.open(target(host, HostKeyPin.parse(line)));
          SshConnection byFingerprint = SshConnection.open(target(host, HostKeyPin.parse(fingerprint)))) {
        assertThat(HostKeys.fingerprint(byLine.hostKey())).as(type + " pinned as a key line").isEqualTo(fingerprint);
        assertThat(HostKeys.fingerprint(byFingerprint.hostKey())).as(type + " pinned by fingerprint").isEqualTo(fingerprint);
        assertThat(byLine.run("echo ok").stdout()).isEqualTo("ok\n");
      }
    }
  }

  @Test
  void aUserOtherThanRootRunsEachCommandThroughSudoWithItsQuotingIntact(SandboxHost host) throws Exception {
    SshTarget asUser = new SshTarget(host.address(), host.sshPort(), host.sudoUser(), Files.readString(host.sshKey()),
        HostKeyPin.parse(host.hostKeyFingerprint()));
    try (SshConnection connection = SshConnection.open(asUser)) {
      assertThat(connection.run("id -u").stdout()).isEqualTo("0\n");
      assertThat(connection.run("printf '%s|' \"it's\" '$HOME' \"$SUDO_USER\"").stdout()).isEqualTo("it's|$HOME|" + host.sudoUser() + "|");
      CommandResult ufw = connection.run("ufw status");
      assertThat(ufw.exitCode()).isZero();
      assertThat(ufw.stdout()).contains("Status: inactive");
      assertThat(ufw.stderr()).isEmpty();
    }
  }

  @Test
  void reusesOneConnectionForManyCommands(SandboxHost host) throws Exception {
    try (SshConnection connection = SshConnection.open(target(host, HostKeyPin.parse(host.hostKeyFingerprint())))) {
      for (int i = 0; i < 20; i++) {
        assertThat(connection.run("echo " + i).stdout()).isEqualTo(i + "\n");
      }
      assertThat(connection.isOpen()).isTrue();
      // A command is a few small packets each way: with Nagle on, each waited for a delayed ACK (40 ms).
      assertThat(connection.sendsAtOnce()).isTrue();
    }
  }

  @Test
  void megabytesOfOutputArriveIntactThroughTheSmallReceiveBuffer(SandboxHost host) throws Exception {
    // Our SSHJ Reader reads packets in parts of 8 KiB (net.schmizz.sshj.transport.Reader): 3 MB of
    // random bytes, base64 on the way, must arrive with the hash the host computed.
    try (SshConnection connection = SshConnection.open(target(host, HostKeyPin.parse(host.hostKeyFingerprint())))) {
      String hash = connection.run("head -c 3000000 /dev/urandom > /tmp/random && sha256sum /tmp/random | cut -d' ' -f1").stdout().strip();
      CommandResult result = connection.run("base64 -w0 /tmp/random");

      byte[] received = java.util.Base64.getDecoder().decode(result.stdout());
      assertThat(received).hasSize(3_000_000);
      assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(received))).isEqualTo(hash);
      assertThat(connection.run("echo still open").stdout()).isEqualTo("still open\n");
    }
  }

  @Test
  void aHostWithAnotherKeyIsRefusedAndNothingRunsOnIt(SandboxHost host, SandboxHost other) throws Exception {
    HostKeyPin wrongPin = HostKeyPin.parse(other.hostKeyFingerprint());

    HostAccessException e = catchThrowableOfType(HostAccessException.class, () -> {
      try (SshConnection connection = SshConnection.open(target(host, wrongPin))) {
        connection.run("touch /root/must-not-exist");
      }
    });

    assertThat(e.reason()).isEqualTo(Reason.HostKeyMismatch);
    assertThat(e.getMessage()).contains(host.hostKeyFingerprint(), other.hostKeyFingerprint(), "nothing was run");
    assertThat(host.exec("test", "-e", "/root/must-not-exist").exitCode()).isNotZero();
  }

  @Test
  void withoutAPinTheFirstKeySeenIsReportedForPinning(SandboxHost host) throws Exception {
    try (SshConnection connection = SshConnection.open(target(host, null))) {
      assertThat(HostKeys.fingerprint(connection.hostKey())).isEqualTo(host.hostKeyFingerprint());
      assertThat(HostKeys.line(connection.hostKey())).isEqualTo(host.hostKey());
    }
  }

  @Test
  void aRefusedKeyIsAnAuthenticationFailure(SandboxHost host, SandboxHost other) throws Exception {
    SshTarget withOthersKey = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(other.sshKey()),
        HostKeyPin.parse(host.hostKeyFingerprint()));

    HostAccessException e = catchThrowableOfType(HostAccessException.class, () -> SshConnection.open(withOthersKey).close());

    assertThat(e.reason()).isEqualTo(Reason.AuthenticationFailed);
  }

  @Test
  void aClosedPortIsUnreachableWithinTheConnectTimeout(SandboxHost host) throws Exception {
    SshTarget closed = new SshTarget(host.address(), 2999, host.user(), Files.readString(host.sshKey()), null,
        Duration.ofSeconds(2), Duration.ofSeconds(5));

    HostAccessException e = catchThrowableOfType(HostAccessException.class, () -> SshConnection.open(closed).close());

    assertThat(e.reason()).isEqualTo(Reason.HostUnreachable);
  }

  @Test
  void anUnreadableKeyIsRefusedBeforeConnectingAndNotQuoted() {
    String garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-key-but-secret-looking\n-----END OPENSSH PRIVATE KEY-----\n";
    // A closed loopback port: were the key read lazily again, this would fail as HostUnreachable.
    SshTarget bad = new SshTarget("127.0.0.1", 9, "root", garbage, null);

    HostAccessException e = catchThrowableOfType(HostAccessException.class, () -> SshConnection.open(bad).close());

    assertThat(e.reason()).isEqualTo(Reason.InvalidPrivateKey);
    assertThat(e.getMessage()).doesNotContain("not-a-key-but-secret-looking");
  }
}
