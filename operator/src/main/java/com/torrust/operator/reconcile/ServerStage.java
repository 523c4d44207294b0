package com.torrust.operator.reconcile;

import com.torrust.operator.api.HetznerSpec;
import com.torrust.operator.api.HostSpec;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.host.ClientKeys;
import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.HostKeys;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.provision.BirthKey;
import com.torrust.operator.provision.BootCheck;
import com.torrust.operator.provision.HostKeyRotation;
import com.torrust.operator.provision.Progress;
import com.torrust.operator.provision.Provisioner;
import com.torrust.operator.provision.ServerIdentity;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The provider's part of a reconcile (provider Hetzner): the server exists (created or adopted, its
 * host key pinned before the create call), answers SSH with that key, cloud-init has finished, and the
 * birth key is replaced by one that never left the operator and the server.
 * Each step's result is written to status.server as it happens; nothing is sent to the host before.
 */
final class ServerStage {

  /** Either the address to continue with, or the outcome that ends this reconcile. */
  record Result(Outcome stop, String address) {}

  private final Provisioner provisioner;
  private final HostConnections connections;
  private final ProviderSettings settings;
  private final Clock clock;

  ServerStage(Provisioner provisioner, HostConnections connections, ProviderSettings settings, Clock clock) {
    this.provisioner = provisioner;
    this.connections = connections;
    this.settings = settings;
    this.clock = clock;
  }

  static ServerIdentity identity(TrackerDeployment resource, HetznerSpec hetzner) {
    return ServerIdentity.of(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), resource.getMetadata().getUid(),
        hetzner.labels());
  }

  /**
   * Where the pins of a server the operator created live: the resource's generated Secret, never status
   * (whoever may patch status must not be able to pin a key). Status shows them only.
   */
  interface PinStore {
    /** The pinned host key line, or null. */
    String pinned();

    /** The replacement key being installed, or null. */
    String next();

    /** Pins {@code keyLine} (the replacement, if any, is done with). */
    void pin(String keyLine);

    /** Records the replacement key before the host gets it. */
    void next(String keyLine);
  }

  Result run(TrackerDeployment resource, HostSpec host, HetznerSpec hetzner, String token, String privateKey, StatusWriter status,
      PinStore pins) throws InterruptedException {
    String authorizedKey;
    try {
      authorizedKey = ClientKeys.publicKeyLine(privateKey);
    } catch (HostAccessException e) {
      return new Result(new Outcome.HostProblem(e.reason().name(), e.getMessage(), true), null);
    }
    TrackerDeploymentStatus current = resource.getStatus();
    ServerStatus recorded = current == null ? null : current.server();
    String pinned = pins.pinned();
    Progress progress = provisioner.ensure(
        new Provisioner.Request(identity(resource, hetzner), hetzner, token, recorded, pinned, host.user(), authorizedKey, host.sshPort()),
        (pending, keyLine) -> {
          if (!Objects.equals(keyLine, pins.pinned())) {
            pins.pin(keyLine); // stored before the create call; an exception here means no server is created; null unpins
          }
          boolean written = status.write(resource, base(resource).withServer(pending).withHost(pin(base(resource).host(), keyLine)));
          if (pending != null && !written) {
            // Without the marker and the pin stored, a create could not be recognised again: do not make it.
            throw new IllegalStateException("the create-pending marker could not be stored (resource deleted?); no server is created");
          }
        });
    if (progress instanceof Progress.Wait wait) {
      if (wait.server() != null) {
        record(resource, status, wait.server());
      }
      return new Result(new Outcome.Provisioning(wait.reason(), wait.message(), false, wait.recheck()), null);
    }
    if (progress instanceof Progress.Stuck stuck) {
      return new Result(new Outcome.Provisioning(stuck.reason(), stuck.message(), true, null), null);
    }
    ServerStatus server = ((Progress.Continue) progress).server();
    record(resource, status, server);
    String address = host.address() != null ? host.address() : server.ipv4();
    if (ServerStatus.READY.equals(server.phase())) {
      return new Result(null, address);
    }
    return awaitBoot(resource, host, privateKey, status, server, address, pins);
  }

  /** One look at a booting server: SSH with the pinned key, then whether cloud-init is done. Never waits on the host. */
  private Result awaitBoot(TrackerDeployment resource, HostSpec host, String privateKey, StatusWriter status, ServerStatus server,
      String address, PinStore pins) throws InterruptedException {
    String pinned = pins.pinned();
    if (pinned == null) {
      return new Result(new Outcome.Provisioning("HostKeyUnknown", "No host key is recorded for server " + server.id() + ".", true, null),
          null);
    }
    SshTarget target = new SshTarget(address, host.sshPort(), host.user(), privateKey, HostKeyPin.parse(pinned).orAlso(pins.next()))
        .withOwner(resource.getMetadata().getUid());
    Duration since = Duration.between(createdAt(server), clock.instant());
    String age = since.toSeconds() + " s since the server was created";
    BootCheck.Result boot;
    try {
      boot = BootCheck.parse(connections.with(target, connection -> connection.run(BootCheck.SCRIPT)).stdout());
    } catch (HostAccessException e) {
      connections.forget(target);
      if (e.reason() == HostAccessException.Reason.HostKeyMismatch || e.reason() == HostAccessException.Reason.InvalidPrivateKey) {
        return new Result(new Outcome.HostProblem(e.reason().name(), e.getMessage(), true), null);
      }
      if (since.compareTo(settings.bootTimeout()) < 0) {
        return new Result(new Outcome.Provisioning("WaitingForSsh", "Server " + server.id() + " (" + server.name() + ") is booting: waiting for"
            + " SSH on " + target.address() + ":" + target.port() + " (" + age + ", up to " + settings.bootTimeout().toMinutes() + " min).",
            false, settings.bootRecheck()), null);
      }
      return new Result(new Outcome.HostProblem(e.reason().name(), "Server " + server.id() + " did not answer SSH within "
          + settings.bootTimeout().toMinutes() + " min of its creation: " + e.getMessage(), false), null);
    }
    if (!boot.finished()) {
      if (since.compareTo(settings.bootTimeout()) < 0) {
        return new Result(new Outcome.Provisioning("WaitingForCloudInit", "Server " + server.id() + " answers SSH; cloud-init is still"
            + " running (" + age + ").", false, settings.bootRecheck()), null);
      }
      return new Result(new Outcome.Provisioning("CloudInitTimeout", "cloud-init did not finish on server " + server.id() + " within "
          + settings.bootTimeout().toMinutes() + " min of its creation.", true, null), null);
    }
    if (boot.failed()) {
      return new Result(new Outcome.Provisioning("CloudInitFailed", "cloud-init reported errors on server " + server.id() + ": "
          + String.join("; ", boot.errors()), true, null), null);
    }
    try {
      replaceBirthKey(resource, status, target, server, pins);
    } catch (HostAccessException e) {
      connections.forget(target);
      boolean closed = e.reason() == HostAccessException.Reason.HostKeyMismatch;
      return new Result(closed ? new Outcome.HostProblem(e.reason().name(), e.getMessage(), true)
          : new Outcome.Provisioning("ReplacingHostKey", "Replacing the birth host key of server " + server.id() + ": " + e.getMessage(), false,
              settings.bootRecheck()), null);
    }
    return new Result(null, address);
  }

  /**
   * Installs a host key only the server holds, in place of the birth key from the user data. The new
   * key is recorded (status.server.nextHostKey) before the host uses it and accepted next to the birth
   * key until confirmed, so an interruption at any point never locks the operator out.
   */
  private void replaceBirthKey(TrackerDeployment resource, StatusWriter status, SshTarget target, ServerStatus server, PinStore pins)
      throws HostAccessException, InterruptedException {
    PublicKey seen = connections.with(target, SshConnection::hostKey);
    String next = pins.next();
    if (next == null || !HostKeyPin.parse(next).matches(seen)) {
      BirthKey replacement = BirthKey.generate();
      pins.next(replacement.publicKeyLine());
      ServerStatus pending = server.withNextHostKey(replacement.publicKeyLine());
      if (!status.write(resource, base(resource).withServer(pending))) {
        throw new IllegalStateException("the replacement host key could not be recorded (resource deleted?); the host keeps its birth key");
      }
      CommandResult result = connections.with(target, connection -> connection.run(HostKeyRotation.script(replacement)));
      if (result.exitCode() != 0 || !result.stdout().contains("rotated")) {
        throw new HostAccessException(HostAccessException.Reason.CommandFailed, "installing the new host key failed: "
            + result.stderr().strip(), null);
      }
      next = replacement.publicKeyLine();
      server = pending;
    }
    connections.forget(target); // the next connection must present the new key alone
    awaitNewKey(new SshTarget(target.address(), target.port(), target.user(), target.privateKey(), HostKeyPin.parse(next))
        .withOwner(target.owner()));
    pins.pin(next);
    status.write(resource, base(resource).withServer(server.withNextHostKey(null).withPhase(ServerStatus.READY))
        .withHost(pin(base(resource).host(), next)));
  }

  /**
   * sshd re-executes itself on the reload and refuses connections for a moment: a few short tries
   * with the new key alone, so the switch is confirmed before it is recorded (another key fails at once).
   */
  private static final int NEW_KEY_TRIES = 10;

  private void awaitNewKey(SshTarget target) throws HostAccessException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        connections.with(target, connection -> connection.run("true"));
        return;
      } catch (HostAccessException e) {
        connections.forget(target);
        if (e.reason() != HostAccessException.Reason.HostUnreachable || attempt >= NEW_KEY_TRIES) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  /** The recorded server was deleted outside the operator: forget it, so the next look creates a new one. */
  boolean forgetIfGone(TrackerDeployment resource, String token, StatusWriter status) throws InterruptedException {
    ServerStatus server = resource.getStatus() == null ? null : resource.getStatus().server();
    if (server == null || server.id() == null) {
      return false;
    }
    try {
      if (provisioner.gone(token, server.id())) {
        status.write(resource, base(resource).withServer(null));
        return true;
      }
    } catch (com.torrust.operator.provision.hetzner.HetznerException e) {
      return false; // cannot tell now; the host problem stands
    }
    return false;
  }

  private static void record(TrackerDeployment resource, StatusWriter status, ServerStatus server) {
    if (!Objects.equals(base(resource).server(), server)) {
      status.write(resource, base(resource).withServer(server));
    }
  }

  private Instant createdAt(ServerStatus server) {
    return com.torrust.operator.provision.Provisioner.firstInstant(server.created(), server.createRequestedAt()).orElse(clock.instant());
  }

  private static TrackerDeploymentStatus base(TrackerDeployment resource) {
    return resource.getStatus() != null ? resource.getStatus() : new TrackerDeploymentStatus(null, null, null, null, null, null);
  }

  /** The host status with a new pinned key (and its fingerprint), or unchanged when there is none. */
  private static HostStatus pin(HostStatus host, String keyLine) {
    if (keyLine == null) {
      return host;
    }
    String fingerprint = HostKeys.fingerprintOf(Base64.getDecoder().decode(keyLine.split(" ")[1]));
    return new HostStatus(keyLine, fingerprint, host == null ? null : host.os(), host == null ? null : host.dockerVersion(),
        host == null ? null : host.composeVersion(), host == null ? null : host.ufwVersion());
  }
}
