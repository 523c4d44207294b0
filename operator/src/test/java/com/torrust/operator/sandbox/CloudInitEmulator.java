package com.torrust.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Plays a new cloud server's first boot on a sandbox host, from the user data the operator sent to the
 * (local) Hetzner Cloud API: sshd comes up with the host key from {@code ssh_keys} (as cloud-init writes
 * it before sshd starts), the user's {@code ssh_authorized_keys} are authorized, and after a delay
 * cloud-init "finishes" (/var/lib/cloud/instance/boot-finished, /run/cloud-init/result.json, both the
 * host's own). write_files and runcmd are not played: the sandbox's sshd has its own configuration;
 * cloud-init's schema check covers them.
 */
public final class CloudInitEmulator {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CloudInitEmulator() {}

  /** Boots: host key and user now, cloud-init done after {@code cloudInitTime} (in the background; zero: at once). */
  public static void boot(SandboxHost host, String userData, Duration cloudInitTime) {
    JsonNode config;
    try {
      config = YAML.readTree(userData);
    } catch (IOException e) {
      throw new UncheckedIOException("user data is not YAML", e);
    }
    JsonNode user = config.path("users").get(0);
    if (!host.sudoUser().equals(user.path("name").asText())) {
      throw new AssertionError("the sandbox host has user " + host.sudoUser() + ", the user data asks for " + user.path("name").asText());
    }
    try {
      var birth = host.stateDir().resolve("birth_host_key");
      Files.writeString(birth, config.path("ssh_keys").path("ed25519_private").asText());
      Files.writeString(host.stateDir().resolve("birth_host_key.pub"), config.path("ssh_keys").path("ed25519_public").asText() + "\n");
      for (JsonNode key : user.path("ssh_authorized_keys")) {
        Files.writeString(host.stateDir().resolve("authorized_keys"), key.asText() + "\n", StandardOpenOption.APPEND);
      }
      // sshd re-reads its host keys when it restarts itself on SIGHUP (same pid: the host's namespaces stay).
      host.shell("install -m 0600 " + birth + " /etc/ssh/ssh_host_ed25519_key && install -m 0644 " + birth + ".pub"
          + " /etc/ssh/ssh_host_ed25519_key.pub && kill -HUP $(cat " + host.stateDir().resolve("sshd.pid") + ")");
      host.awaitSshdAfterReload();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runnable done = () -> host.shell("mkdir -p /var/lib/cloud/instance /run/cloud-init && echo '{\"v1\": {\"datasource\":"
        + " \"DataSourceHetzner\", \"errors\": []}}' > /run/cloud-init/result.json && touch /var/lib/cloud/instance/boot-finished");
    if (cloudInitTime.isZero()) {
      done.run(); // already booted
      return;
    }
    Thread finish = new Thread(() -> {
      try {
        Thread.sleep(cloudInitTime.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      done.run();
    }, "cloud-init-emulator");
    finish.setDaemon(true);
    finish.start();
  }
}
