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

  @Option(names = "--ssh-key", paramLabel = "KEYFILE",
      description = "Private key of the host user (OpenSSH or PEM). One protected by a passphrase asks for it on the terminal,"
          + " or reads it from --ssh-key-passphrase-file or the environment variable " + PASSPHRASE_VARIABLE + ".")
  Path sshKey;

  @Option(names = "--ssh-key-passphrase-file", paramLabel = "FILE",
      description = "File whose first line is the passphrase of --ssh-key (keep it readable by you only).")
  Path passphraseFile;

  @Option(names = "--ssh-agent", description = "Use the keys of the SSH agent at $SSH_AUTH_SOCK (ssh-agent; ssh-add adds keys) instead of"
      + " --ssh-key: the private key never leaves the agent.")
  boolean sshAgent;

  static final String PASSPHRASE_VARIABLE = "TRACKER_OPERATOR_SSH_KEY_PASSPHRASE";

  @Option(names = "--host-key", paramLabel = "KEY_OR_FINGERPRINT",
      description = "Pinned host key ('ssh-ed25519 AAAA...' or 'SHA256:...'); overrides spec.host.hostKey. Without either,"
          + " the key seen is accepted once and printed for pinning.")
  String hostKey;

  /** Where and how to reach the spec's host, with these options. */
  SshTarget target(HostSpec host) throws DeploymentInput.RefusedException {
    if (sshAgent == (sshKey != null)) {
      throw new DeploymentInput.RefusedException(List.of(sshAgent
          ? "error: give either --ssh-key or --ssh-agent, not both"
          : "error: Missing required option: '--ssh-key=KEYFILE' (or --ssh-agent to use the keys of an SSH agent)"));
    }
    String privateKey = null;
    String passphrase = null;
    Path agent = null;
    if (sshAgent) {
      String socket = System.getenv("SSH_AUTH_SOCK");
      if (socket == null || socket.isBlank()) {
        throw new DeploymentInput.RefusedException(List.of("error: --ssh-agent: SSH_AUTH_SOCK is not set; start an agent"
            + " (eval $(ssh-agent)) and add the key (ssh-add KEYFILE)"));
      }
      agent = Path.of(socket);
    } else {
      try {
        privateKey = Files.readString(sshKey);
      } catch (IOException e) {
        throw new DeploymentInput.RefusedException(List.of("error: cannot read the SSH key " + sshKey + ": " + e.getMessage()));
      }
      if (com.torrust.operator.host.ClientKeys.encrypted(privateKey)) {
        passphrase = passphrase();
      }
    }
    if (host.address() == null) {
      throw new DeploymentInput.RefusedException(List.of("error: spec.host.address is empty. With provider Hetzner the operator creates"
          + " the server and finds its address (status.server.ipv4); to use this command on that server, set spec.host.address to it."));
    }
    String pinned = hostKey != null ? hostKey : host.hostKey();
    try {
      SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), privateKey, pinned == null ? null : HostKeyPin.parse(pinned));
      return agent != null ? target.withAgent(agent) : target.withPassphrase(passphrase);
    } catch (IllegalArgumentException e) {
      throw new DeploymentInput.RefusedException(List.of("error: --host-key: " + e.getMessage()));
    }
  }

  /** The passphrase of an encrypted key: from the file, the environment, or asked on the terminal. */
  private String passphrase() throws DeploymentInput.RefusedException {
    if (passphraseFile != null) {
      try {
        return Files.readAllLines(passphraseFile).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new DeploymentInput.RefusedException(List.of("error: cannot read --ssh-key-passphrase-file " + passphraseFile + ": " + e.getMessage()));
      }
    }
    String variable = System.getenv(PASSPHRASE_VARIABLE);
    if (variable != null) {
      return variable;
    }
    java.io.Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Passphrase for %s: ", sshKey);
      if (typed != null) {
        return new String(typed);
      }
    }
    throw new DeploymentInput.RefusedException(List.of("error: the SSH key " + sshKey + " is protected by a passphrase: give it with"
        + " --ssh-key-passphrase-file or " + PASSPHRASE_VARIABLE + " (no terminal to ask on), or use --ssh-agent"));
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
