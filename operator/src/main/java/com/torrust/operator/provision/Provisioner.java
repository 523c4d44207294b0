package com.torrust.operator.provision;

import com.torrust.operator.api.HetznerSpec;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.provision.hetzner.CreateServer;
import com.torrust.operator.provision.hetzner.HetznerClient;
import com.torrust.operator.provision.hetzner.HetznerException;
import com.torrust.operator.provision.hetzner.HetznerServer;
import com.torrust.operator.provision.hetzner.ServerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Makes sure the deployment's Hetzner Cloud server exists, one and only one: a recorded server is used
 * without an API call once it has an address; otherwise the servers with the deployment's labels are
 * listed, and a create is made only when none exists, after the create-pending marker and the birth
 * host key are stored. A create whose result is unknown keeps its marker; the next look adopts the
 * server by its labels.
 */
public final class Provisioner {

  /**
   * Stores the create-pending marker and the key to pin before the create call; throws if it cannot.
   * Both are set exactly: a null key line removes the pin (a pin that no server holds must not stay).
   */
  public interface MarkerStore {
    void record(ServerStatus pending, String hostKeyLine);
  }

  /**
   * What one look needs.
   *
   * @param recorded the status's server record, or null
   * @param pinnedHostKey the host key pinned for the resource (in its generated Secret), or null
   * @param authorizedKey the operator's public key line, for the user's authorized_keys
   */
  public record Request(ServerIdentity identity, HetznerSpec spec, String token, ServerStatus recorded, String pinnedHostKey,
      String user, String authorizedKey, int sshPort) {
    @Override
    public String toString() {
      return "Request[" + identity.name() + "]"; // never the token
    }
  }

  private static final Duration API_RECHECK = Duration.ofSeconds(30);
  private static final Duration CREATE_RECHECK = Duration.ofSeconds(5);
  /** How long a new server may stay initializing or starting before a person is asked to look. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(10);

  private final Function<String, HetznerClient> clients;
  private final Clock clock;
  private final Duration createGrace;

  /** @param clients the API client for a token */
  public Provisioner(Function<String, HetznerClient> clients, Clock clock, Duration createGrace) {
    this.clients = clients;
    this.clock = clock;
    this.createGrace = createGrace;
  }

  public Progress ensure(Request request, MarkerStore markers) throws InterruptedException {
    ServerStatus recorded = request.recorded();
    if (recorded != null && recorded.id() != null && recorded.ipv4() != null && !ServerStatus.STARTING.equals(recorded.phase())) {
      return new Progress.Continue(recorded);
    }
    HetznerClient api = clients.apply(request.token());
    try {
      if (recorded != null && recorded.id() != null) {
        Optional<HetznerServer> server = api.get(recorded.id());
        if (server.isPresent()) {
          return arrived(api, server.get(), recorded);
        }
        recorded = null; // deleted behind our back: find or create again
      }
      List<HetznerServer> found = api.list(request.identity().selector());
      ServerDecision decision = ServerDecision.decide(recorded, found, clock.instant(), createGrace);
      if (decision instanceof ServerDecision.Adopt adopt) {
        if (request.pinnedHostKey() == null) {
          return new Progress.Stuck("HostKeyUnknown", "Server " + adopt.server().id() + " (" + adopt.server().name()
              + ") carries this resource's labels, but the host key it was created with is not recorded (was the generated Secret lost?)."
              + " The operator does not trust a key on first use: delete that server in Hetzner Cloud and a new one is created.");
        }
        return arrived(api, adopt.server(), recorded);
      }
      if (decision instanceof ServerDecision.Ambiguous ambiguous) {
        return new Progress.Stuck("DuplicateServers", "Servers " + ambiguous.ids() + " all carry this resource's label "
            + request.identity().selector() + "; delete all but one in Hetzner Cloud.");
      }
      if (decision instanceof ServerDecision.WaitForCreate wait) {
        return new Progress.Wait("CreateResultUnknown", "The create request of " + recorded.createRequestedAt()
            + " got no answer and its server is not listed yet; looking again before creating another.", wait.recheck());
      }
      return create(api, request, markers);
    } catch (HetznerException e) {
      return apiProblem(e);
    }
  }

  private Progress create(HetznerClient api, Request request, MarkerStore markers) throws HetznerException, InterruptedException {
    HetznerSpec spec = request.spec();
    // What the API would refuse, asked before anything is stored or created; the image by the type's
    // architecture (an Arm type with an image name alone gets the x86 image and is refused).
    Optional<ServerType> type = api.serverType(spec.serverType());
    if (type.isEmpty()) {
      return new Progress.Stuck("HetznerServerTypeUnknown", "Hetzner Cloud has no server type " + spec.serverType()
          + " (removed, or misspelt): choose one it lists now, such as cx23, cpx22 or cax11 (hcloud server-type list).");
    }
    if (spec.location() != null && !type.get().locations().contains(spec.location())) {
      return new Progress.Stuck("HetznerLocationUnsupported", "Server type " + spec.serverType() + " is not sold in location "
          + spec.location() + "; it is sold in: " + String.join(", ", type.get().locations()) + ".");
    }
    String architecture = type.get().architecture() == null ? "x86" : type.get().architecture();
    Optional<Long> image = api.image(spec.image(), architecture);
    if (image.isEmpty()) {
      return new Progress.Stuck("HetznerImageUnavailable", "Hetzner Cloud has no " + architecture + " system image named " + spec.image()
          + " (server type " + spec.serverType() + " is " + architecture + "): choose an image built for it, such as ubuntu-24.04 or debian-12.");
    }
    BirthKey key = BirthKey.generate();
    ServerStatus pending = new ServerStatus(ServerStatus.CREATING, null, request.identity().name(), null, null,
        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), null);
    markers.record(pending, key.publicKeyLine());
    String userData = CloudInit.userData(request.user(), request.authorizedKey(), request.sshPort(), key);
    try {
      HetznerServer server = api.create(new CreateServer(request.identity().name(), spec.serverType(), spec.location(),
          Long.toString(image.get()), userData, request.identity().labels()));
      return arrived(api, server, pending);
    } catch (HetznerException e) {
      boolean unknown = e.kind() == HetznerException.Kind.UnknownResult || e.httpStatus() >= 500;
      if (unknown) {
        return new Progress.Wait("CreateResultUnknown", e.getMessage() + "; the server may exist: looking for it by its labels"
            + " before creating another.", CREATE_RECHECK);
      }
      if ("uniqueness_error".equals(e.code())) {
        return nameTaken(api, request, markers, e);
      }
      // Surely not created: the marker and the new pin go, so the next look may create at once.
      markers.record(null, null);
      return apiProblem(e);
    }
  }

  /**
   * The name is taken. By this resource's own earlier server (a create whose answer was lost, and which
   * the label list did not show yet): the pin and marker of that create come back and the server is
   * used, so the key just generated is never pinned for a server that holds another. By someone else's:
   * a person must free the name.
   */
  private Progress nameTaken(HetznerClient api, Request request, MarkerStore markers, HetznerException e)
      throws HetznerException, InterruptedException {
    Optional<HetznerServer> named = api.byName(request.identity().name());
    String uid = request.identity().labels().get(ServerIdentity.UID_LABEL);
    if (named.isPresent() && uid.equals(named.get().labels().get(ServerIdentity.UID_LABEL))) {
      markers.record(request.recorded(), request.pinnedHostKey());
      if (request.pinnedHostKey() == null) {
        return new Progress.Stuck("HostKeyUnknown", "Server " + named.get().id() + " (" + named.get().name() + ") carries this resource's"
            + " labels, but the host key it was created with is not recorded. The operator does not trust a key on first use: delete that"
            + " server in Hetzner Cloud and a new one is created.");
      }
      return arrived(api, named.get(), request.recorded());
    }
    markers.record(null, null);
    return apiProblem(e);
  }

  /**
   * A server that exists: running, it goes on to SSH; still initializing or starting, status shows it
   * until it runs, and a create or start action that failed stalls with the API's words; off or busy, it
   * waits or asks a person.
   */
  private Progress arrived(HetznerClient api, HetznerServer server, ServerStatus before) throws HetznerException, InterruptedException {
    ServerStatus record = record(server, before);
    String state = server.status() == null ? "unknown" : server.status();
    switch (state) {
      case "running":
        return withAddress(record);
      case "initializing", "starting": {
        List<String> failed = api.failedActions(server.id());
        if (!failed.isEmpty()) {
          return new Progress.Stuck("ServerCreateFailed", "Hetzner Cloud could not create or start server " + server.id() + " ("
              + server.name() + "): " + failed.get(0) + ". Delete it in Hetzner Cloud and a new one is created.");
        }
        Duration since = Duration.between(createdAt(server, before), clock.instant());
        if (since.compareTo(START_TIMEOUT) > 0) {
          return new Progress.Stuck("ServerNotStarting", "Server " + server.id() + " (" + server.name() + ") is still " + state + " "
              + since.toMinutes() + " min after it was created; look at it in Hetzner Cloud.");
        }
        return new Progress.Wait("ServerStarting", "Server " + server.id() + " (" + server.name() + ") is " + state + " in Hetzner Cloud ("
            + Math.max(0, since.toSeconds()) + " s since it was created).", CREATE_RECHECK, record.withPhase(ServerStatus.STARTING));
      }
      case "off":
        return new Progress.Stuck("ServerOff", "Server " + server.id() + " (" + server.name() + ") is off in Hetzner Cloud: power it on"
            + " there (the operator starts a server only when it creates it).");
      default:
        return new Progress.Wait("ServerBusy", "Server " + server.id() + " (" + server.name() + ") is " + state + " in Hetzner Cloud.",
            API_RECHECK, record);
    }
  }

  private Instant createdAt(HetznerServer server, ServerStatus before) {
    // Our own record first: it is on the operator's clock, which the timeout is measured with.
    return firstInstant(before == null ? null : before.createRequestedAt(), server.created()).orElse(clock.instant());
  }

  /** The first of these RFC 3339 times that reads as one (the others may be absent or garbled). */
  public static java.util.Optional<Instant> firstInstant(String... times) {
    for (String time : times) {
      if (time != null) {
        try {
          return java.util.Optional.of(java.time.OffsetDateTime.parse(time).toInstant());
        } catch (java.time.format.DateTimeParseException ignored) {
          // the next one
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static Progress withAddress(ServerStatus server) {
    if (server.ipv4() == null) {
      return new Progress.Wait("ServerHasNoAddress", "Server " + server.id() + " has no public IPv4 address yet.", API_RECHECK);
    }
    return new Progress.Continue(server);
  }

  private static ServerStatus record(HetznerServer server, ServerStatus before) {
    // Booting once running: a server that was Starting, or new, goes on to the SSH and cloud-init checks.
    String phase = before != null && ServerStatus.READY.equals(before.phase()) ? ServerStatus.READY : ServerStatus.BOOTING;
    return new ServerStatus(phase, server.id(), server.name(), server.ipv4(), server.ipv6(),
        before == null ? null : before.createRequestedAt(), server.created());
  }

  static Progress apiProblem(HetznerException e) {
    if (e.kind() == HetznerException.Kind.Rejected) {
      return new Progress.Stuck(rejectedReason(e), e.getMessage());
    }
    Duration recheck = e.retryAfter() != null ? e.retryAfter() : API_RECHECK;
    String reason = e.httpStatus() == 429 || "rate_limit_exceeded".equals(e.code()) ? "HetznerRateLimited"
        : "maintenance".equals(e.code()) ? "HetznerMaintenance"
        : "resource_unavailable".equals(e.code()) ? "HetznerResourceUnavailable" : "HetznerApiUnavailable";
    return new Progress.Wait(reason, e.getMessage(), recheck);
  }

  /** Each refusal that needs a different fix has its own reason; the message carries the API's words. */
  static String rejectedReason(HetznerException e) {
    if (e.code() != null) {
      switch (e.code()) {
        case "unauthorized", "forbidden", "token_readonly":
          return "HetznerTokenRejected";
        case "resource_limit_exceeded":
          return "HetznerQuotaExceeded";
        case "uniqueness_error":
          return "HetznerNameTaken";
        case "protected":
          return "HetznerServerProtected";
        default:
          return "HetznerRequestRejected";
      }
    }
    return e.httpStatus() == 401 || e.httpStatus() == 403 ? "HetznerTokenRejected" : "HetznerRequestRejected";
  }

  /** Whether the recorded server no longer exists (deleted outside the operator). */
  public boolean gone(String token, long id) throws HetznerException, InterruptedException {
    return clients.apply(token).get(id).isEmpty();
  }

  /** Deletes every server of the deployment (the recorded one and any with its labels); returns their ids. */
  public List<Long> destroy(ServerIdentity identity, String token, ServerStatus recorded) throws HetznerException, InterruptedException {
    HetznerClient api = clients.apply(token);
    Set<Long> ids = new TreeSet<>();
    if (recorded != null && recorded.id() != null) {
      ids.add(recorded.id());
    }
    api.list(identity.selector()).forEach(s -> ids.add(s.id()));
    for (long id : ids) {
      api.delete(id);
    }
    return List.copyOf(ids);
  }
}
