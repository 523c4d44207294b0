package com.torrust.operator.cli;

import com.torrust.operator.api.HostSpec;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the commands that go to the host: the SSH key and the pinned host key. */
final class HostOptions {

  @Option(names = "--ssh-key", required = true, paramLabel = "KEYFILE",
      description = "Private key of the host user (OpenSSH or PEM, no passphrase).")
  Path sshKey;

  @Option(names = "--host-key", paramLabel = "KEY_OR_FINGERPRINT",
      description = "Pinned host key ('ssh-ed25519 AAAA...' or 'SHA256:...'); overrides spec.host.hostKey. Without either,"
          + " the key seen is accepted once and printed for pinning.")
  String hostKey;

  /** Where and how to reach the spec's host, with these options. */
  SshTarget target(HostSpec host) throws DeploymentInput.RefusedException {
    String privateKey;
    try {
      privateKey = Files.readString(sshKey);
    } catch (IOException e) {
      throw new DeploymentInput.RefusedException(List.of("error: cannot read the SSH key " + sshKey + ": " + e.getMessage()));
    }
    if (host.address() == null) {
      throw new DeploymentInput.RefusedException(List.of("error: spec.host.address is empty. With provider Hetzner the operator creates"
          + " the server and finds its address (status.server.ipv4); to use this command on that server, set spec.host.address to it."));
    }
    String pinned = hostKey != null ? hostKey : host.hostKey();
    try {
      return new SshTarget(host.address(), host.sshPort(), host.user(), privateKey, pinned == null ? null : HostKeyPin.parse(pinned));
    } catch (IllegalArgumentException e) {
      throw new DeploymentInput.RefusedException(List.of("error: --host-key: " + e.getMessage()));
    }
  }

  /** A TrackerDeployment with its secrets, and how to reach its host. */
  record HostInput(DeploymentInput.Loaded input, SshTarget target) {}

  /**
   * Loads the manifest and the target. Generated values must match what the host uses: given, or kept
   * in the state folder by an earlier apply; {@code generated} KEPT lets apply make up and keep the rest.
   */
  HostInput load(ManifestOptions manifest, DeploymentInput.Generated generated) throws DeploymentInput.RefusedException {
    DeploymentInput.Loaded input = manifest.load(generated);
    return new HostInput(input, target(input.deployment().getSpec().host()));
  }
}
