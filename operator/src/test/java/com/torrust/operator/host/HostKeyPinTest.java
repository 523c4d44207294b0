package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostKeyPinTest {

  // ssh-keygen -lf of this key prints SHA256:ijf7PQSDxe3hOfYgWqORLp10zSpaeS1FZ0vnANkbUL0
  private static final String LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

  @Test
  void aKeyLineAndItsFingerprintPinTheSameKey() {
    HostKeyPin fromLine = HostKeyPin.parse(LINE + " root@host");
    assertThat(fromLine.fingerprint()).isEqualTo(HostKeyPin.parse(fromLine.fingerprint()).fingerprint());
    assertThat(fromLine.keyType()).as("a key line also says which type to ask the host for").isEqualTo("ssh-ed25519");
    assertThat(HostKeyPin.parse(fromLine.fingerprint()).keyType()).isNull();
    assertThat(fromLine.fingerprint()).startsWith("SHA256:").hasSize(50);
  }

  @Test
  void aPaddedFingerprintIsTheSameAsAnUnpaddedOne() {
    String fingerprint = HostKeyPin.parse(LINE).fingerprint();
    assertThat(HostKeyPin.parse(fingerprint + "=")).isEqualTo(HostKeyPin.parse(fingerprint));
  }

  @Test
  void theTargetNeverPrintsThePrivateKey() {
    SshTarget target = new SshTarget("203.0.113.10", 22, "torrust", "PRIVATE-KEY-MATERIAL", null);
    assertThat(target.toString()).doesNotContain("PRIVATE-KEY-MATERIAL").contains("torrust@203.0.113.10:22");
  }

  @Test
  void duringAKeyReplacementBothKeysAreAcceptedAndNoOther() throws Exception {
    java.security.PublicKey birth = publicKey(com.torrust.operator.provision.BirthKey.generate());
    com.torrust.operator.provision.BirthKey next = com.torrust.operator.provision.BirthKey.generate();
    java.security.PublicKey other = publicKey(com.torrust.operator.provision.BirthKey.generate());

    HostKeyPin pin = HostKeyPin.parse(HostKeys.line(birth)).orAlso(next.publicKeyLine());

    assertThat(pin.matches(birth)).isTrue();
    assertThat(pin.matches(publicKey(next))).isTrue();
    assertThat(pin.matches(other)).isFalse();
    assertThat(HostKeyPin.parse(HostKeys.line(birth)).orAlso(null).matches(publicKey(next))).isFalse();
  }

  private static java.security.PublicKey publicKey(com.torrust.operator.provision.BirthKey key) throws Exception {
    try (net.schmizz.sshj.SSHClient client = new net.schmizz.sshj.SSHClient()) {
      return client.loadKeys(key.privateKey(), null, null).getPublic();
    }
  }
}
