package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostKeyPinTest {

  // ssh-keygen -lf of this key prints SHA256:ijf7PQSDxe3hOfYgWqORLp10zSpaeS1FZ0vnANkbUL0
  private static final String LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

  @Test
  void aKeyLineAndItsFingerprintPinTheSameKey() {
    HostKeyPin fromLine = HostKeyPin.parse(LINE + " root@host");
    assertThat(fromLine).isEqualTo(HostKeyPin.parse(fromLine.fingerprint()));
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
}
