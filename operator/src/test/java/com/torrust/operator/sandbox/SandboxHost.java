package com.torrust.operator.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real host made by scripts/sandbox-host.sh: its own address, OpenSSH, UFW and Docker engine.
 *
 * @param hostKey the host's public key line ("ssh-ed25519 AAAA...")
 * @param sudoUser a user other than root that logs in with the same key and has passwordless sudo
 */
public record SandboxHost(
    String name,
    String address,
    int sshPort,
    String user,
    Path sshKey,
    String hostKey,
    String hostKeyFingerprint,
    Path stateDir,
    String image,
    String sudoUser) {

  /**
   * A busybox tracker for tests that only need its ports open: the API on 0.0.0.0:1212 and the HTTP tracker
   * on 0.0.0.0:7070 and [::]:7070, one socket each, as the real tracker binds its configuration's addresses
   * (the container runs with net.ipv6.bindv6only=1, so a [::] socket alone would not take IPv4).
   */
  public static final String BUSYBOX_TRACKER =
      "[\"/bin/sh\", \"-c\", \"httpd -p 0.0.0.0:1212 -h /www; httpd -p 0.0.0.0:7070 -h /www; exec httpd -f -p [::]:7070 -h /www\"]";

  /** The host script's KEY=VALUE lines (up, create; boot adds the host key); what a line does not give is empty. */
  static SandboxHost parse(String lines) {
    java.util.Map<String, String> values = values(lines);
    return new SandboxHost(values.get("NAME"), values.get("ADDRESS"), Integer.parseInt(values.get("SSH_PORT")), values.get("SSH_USER"),
        Path.of(values.get("SSH_KEY")), values.getOrDefault("HOST_KEY", ""), values.getOrDefault("HOST_KEY_FINGERPRINT", ""),
        Path.of(values.get("STATE_DIR")), values.get("IMAGE"), values.get("SUDO_USER"));
  }

  private static java.util.Map<String, String> values(String lines) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    lines.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  /**
   * Boots a pristine host made with {@code @Pristine(boot = false)}; with {@code userData} (cloud-config)
   * its first boot runs the real cloud-init with it. Returns the host as booted (with its host key when
   * the script made one), once SSH answers on port 22.
   */
  public SandboxHost boot(Path userData) {
    List<String> args = new ArrayList<>(List.of("bash", SandboxHosts.script().toString(), "boot", name));
    if (userData != null) {
      args.add(userData.toString());
    }
    Result result = run(args, 180);
    if (result.exitCode() != 0) {
      throw new AssertionError("pristine host " + name + " did not boot: " + result.err());
    }
    java.util.Map<String, String> values = values(result.out());
    return new SandboxHost(name, address, sshPort, user, sshKey, values.getOrDefault("HOST_KEY", ""), values.getOrDefault("HOST_KEY_FINGERPRINT", ""),
        stateDir, image, sudoUser);
  }

  /** Waits until a pristine host's systemd has finished booting (running, or degraded: printed). */
  public String awaitBooted() {
    Result result = run(List.of("bash", SandboxHosts.script().toString(), "wait", name), 200);
    if (result.exitCode() != 0) {
      throw new AssertionError(result.err());
    }
    return result.out().strip();
  }

  /** Reboots a pristine host with systemctl reboot and waits until its systemd has booted again. */
  public void reboot() {
    Result result = run(List.of("bash", SandboxHosts.script().toString(), "reboot", name), 300);
    if (result.exitCode() != 0) {
      throw new AssertionError("pristine host " + name + " did not come back from its reboot: " + result.err());
    }
  }

  /** Output and exit code of a command. */
  public record Result(int exitCode, String out, String err) {}

  /**
   * The host's IPv6 address (fd99:201:N::2, the machine being fd99:201:N::1); fails the test when the
   * machine could not give it one (a machine without IPv6 cannot test what needs it).
   */
  public String address6() {
    try {
      String address = Files.readString(stateDir.resolve("address6")).trim();
      if (address.isEmpty()) {
        throw new AssertionError("sandbox host " + name + " has no IPv6 address: this machine's kernel has IPv6 turned off");
      }
      return address;
    } catch (IOException e) {
      throw new AssertionError("sandbox host " + name + ": " + e.getMessage(), e);
    }
  }

  /** Runs a command inside the host as its root, without SSH (for tests to set up or break things). */
  public Result exec(String... command) {
    List<String> args = new ArrayList<>(List.of("bash", SandboxHosts.script().toString(), "exec", name));
    args.addAll(List.of(command));
    return run(args, 60);
  }

  /** Adds stand-in images (busybox running sleep) under the names a spec uses. */
  public void images(String... refs) {
    List<String> args = new ArrayList<>(List.of("bash", SandboxHosts.script().toString(), "image", name));
    args.addAll(List.of(refs));
    Result result = run(args, 120);
    if (result.exitCode() != 0) {
      throw new AssertionError("cannot add images to " + name + ": " + result.err());
    }
  }

  /**
   * Waits for sshd to be back after a SIGHUP (a key change): it re-executes itself and writes its
   * pidfile again, and this host's commands join its namespaces through that pid.
   */
  public void awaitSshdAfterReload() {
    Path pidFile = stateDir.resolve("sshd.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      Thread.sleep(200);
      while (System.nanoTime() < deadline) {
        if (Files.exists(pidFile) && Files.size(pidFile) > 0 && tcpReachable(sshPort)) {
          return;
        }
        Thread.sleep(100);
      }
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("waiting for sshd of " + name, e);
    }
    throw new AssertionError("sshd of " + name + " did not come back within 10 s of its reload");
  }

  /** Runs a shell command inside the host, failing the test if it fails. */
  public String shell(String script) {
    Result result = exec("sh", "-c", script);
    if (result.exitCode() != 0) {
      throw new AssertionError("on sandbox host " + name + ": " + script + " -> " + result.exitCode() + ": " + result.err());
    }
    return result.out();
  }

  /** Runs a command through the real OpenSSH client, with the host key pinned. */
  public Result ssh(String command) throws IOException {
    Path knownHosts = stateDir.resolve("known_hosts.test");
    String host = sshPort == 22 ? address : "[" + address + "]:" + sshPort;
    Files.writeString(knownHosts, host + " " + hostKey + "\n");
    return run(
        List.of("ssh", "-i", sshKey.toString(), "-p", Integer.toString(sshPort), "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts, "-o", "ConnectTimeout=10",
            user + "@" + address, command),
        60);
  }

  /** Whether a TCP connection from the machine (the outside) to the host's port succeeds. */
  public boolean tcpReachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Adds the stand-in image {@code kind} (scripts/standins/: tracker, mysql, backup, prometheus) named
   * {@code ref}; {@code variant} picks one of its image-VARIANT.conf files (the tracker's version), or null.
   */
  public void standin(String kind, String ref, String variant) {
    List<String> args = new ArrayList<>(List.of("bash", SandboxHosts.script().toString(), "standin", name, kind, ref));
    if (variant != null) {
      args.add(variant);
    }
    Result result = run(args, 180);
    if (result.exitCode() != 0) {
      throw new AssertionError("cannot add stand-in " + kind + " as " + ref + " to " + name + ": " + result.err());
    }
  }

  /** A manifest (examples' address 203.0.113.10) pointed at this host, as root, with a Secret holding the API token. */
  public String manifest(String yaml, String apiToken) {
    return yaml.replace("address: 203.0.113.10", "address: " + address + "\n    sshPort: " + sshPort + "\n    user: root")
        + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: demo-generated}\nstringData: {api-admin-token: " + apiToken + "}\n";
  }

  /** The CLI arguments that aim a command at this host with its manifest: -f, --ssh-key and the pinned --host-key. */
  public String[] cliTarget(java.nio.file.Path manifest) {
    return new String[] {"-f", manifest.toString(), "--ssh-key", sshKey.toString(), "--host-key", hostKeyFingerprint()};
  }

  /** Starts a real registry (Debian's docker-registry) inside the host on 127.0.0.1:5000; returns that address. */
  public String registry() {
    Result result = run(List.of("bash", SandboxHosts.script().toString(), "registry", name), 60);
    if (result.exitCode() != 0) {
      throw new AssertionError("cannot start a registry in " + name + ": " + result.err());
    }
    return "127.0.0.1:5000";
  }

  /** Adds a stand-in image whose container runs {@code command} (a JSON array, e.g. busybox httpd). */
  public void image(String ref, String command) {
    image(ref, "IMAGE_CMD", command);
  }

  /** Adds a stand-in image with an entrypoint (a JSON array) that also receives a service's command. */
  public void imageWithEntrypoint(String ref, String entrypoint) {
    image(ref, "IMAGE_ENTRYPOINT", entrypoint);
  }

  private void image(String ref, String variable, String json) {
    ProcessBuilder builder = new ProcessBuilder("bash", SandboxHosts.script().toString(), "image", name, ref);
    builder.environment().put(variable, json);
    Result result = run(builder, 120);
    if (result.exitCode() != 0) {
      throw new AssertionError("cannot add image " + ref + " to " + name + ": " + result.err());
    }
  }

  static Result run(List<String> command, int timeoutSeconds) {
    return run(new ProcessBuilder(command), timeoutSeconds);
  }

  static Result run(ProcessBuilder builder, int timeoutSeconds) {
    List<String> command = builder.command();
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      // Read both streams fully before waiting, so a chatty command cannot block on a full pipe.
      var err = new java.util.concurrent.CompletableFuture<String>();
      Thread reader = new Thread(() -> {
        try {
          err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.complete("");
        }
      });
      reader.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + timeoutSeconds + "s: " + command);
      }
      reader.join();
      return new Result(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
