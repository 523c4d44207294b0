package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.api.HetznerSpec;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.provision.hetzner.FakeHetznerCloud;
import com.torrust.operator.provision.hetzner.HetznerClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provisioning rules against the local Hetzner Cloud API: one server per resource, whatever the API answers. */
class ProvisionerTest {

  private static final String TOKEN = "hcloud-token-for-tests";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String AUTHORIZED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0c3RrZXlrZXlrZXlrZXlrZXlrZXlrZXlrZXlrZXk";
  private static final HetznerSpec SPEC = new HetznerSpec(new SecretKeyRef("hcloud", "token"), "cx23", "nbg1", "ubuntu-24.04",
      Map.of("team", "trackers"));
  private static final ServerIdentity IDENTITY = ServerIdentity.of("prod", "tracker", "0f5a3c9e-1111-2222-3333-444455556666", SPEC.labels());

  private FakeHetznerCloud cloud;
  private Instant now = Instant.parse("2026-11-23T10:00:00Z");
  private Provisioner provisioner;
  /** What the marker store was given, in order; the status the next look starts from. */
  private final List<ServerStatus> markers = new ArrayList<>();
  private ServerStatus recorded;
  private String pinned;
  private HetznerSpec spec = SPEC;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeHetznerCloud(TOKEN);
    provisioner = new Provisioner(token -> new HetznerClient(cloud.url(), token, HttpClient.newHttpClient(), Duration.ofSeconds(5), d -> {}),
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        }, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private Progress look() throws InterruptedException {
    long postsBefore = cloud.requests().stream().filter(r -> r.startsWith("POST")).count();
    Progress progress = provisioner.ensure(new Provisioner.Request(IDENTITY, spec, TOKEN, recorded, pinned, "torrust", AUTHORIZED, 22),
        (pending, key) -> {
          if (pending != null && now.toString().equals(pending.createRequestedAt())) {
            // The create call must not have been made yet when its marker is stored.
            assertThat(cloud.requests().stream().filter(r -> r.startsWith("POST")).count()).isEqualTo(postsBefore);
          }
          markers.add(pending);
          recorded = pending;
          pinned = key;
        });
    if (progress instanceof Progress.Continue go) {
      recorded = go.server();
    }
    if (progress instanceof Progress.Wait wait && wait.server() != null) {
      recorded = wait.server(); // as ServerStage writes it
    }
    return progress;
  }

  /** Looks again while the new server is starting (its create answer says initializing). */
  private Progress untilRunning() throws InterruptedException {
    Progress progress = look();
    for (int i = 0; i < 5 && progress instanceof Progress.Wait wait && wait.reason().equals("ServerStarting"); i++) {
      progress = look();
    }
    return progress;
  }

  @Test
  void createsOneServerWithThePinnedKeyInItsUserDataAndTheLabels() throws Exception {
    Progress starting = look();
    // The create answer shows the server initializing: status says so until it runs.
    assertThat(starting).isInstanceOf(Progress.Wait.class);
    assertThat(((Progress.Wait) starting).reason()).isEqualTo("ServerStarting");
    assertThat(recorded.phase()).isEqualTo(ServerStatus.STARTING);
    assertThat(recorded.id()).isNotNull();

    Progress progress = look();

    assertThat(progress).isInstanceOf(Progress.Continue.class);
    ServerStatus server = ((Progress.Continue) progress).server();
    assertThat(server.phase()).isEqualTo(ServerStatus.BOOTING);
    assertThat(server.ipv4()).isNotNull();
    assertThat(server.ipv6()).endsWith("::1");
    assertThat(server.createRequestedAt()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(markers).hasSize(1);
    assertThat(markers.get(0).phase()).isEqualTo(ServerStatus.CREATING);
    assertThat(cloud.servers()).hasSize(1);
    FakeHetznerCloud.Stored stored = cloud.servers().values().iterator().next();
    assertThat(stored.name()).isEqualTo("tracker-0f5a3c9e");
    assertThat(stored.labels()).containsEntry(ServerIdentity.UID_LABEL, "0f5a3c9e-1111-2222-3333-444455556666")
        .containsEntry(ServerIdentity.NAMESPACE_LABEL, "prod").containsEntry("team", "trackers");
    JsonNode userData = YAML.readTree(stored.userData());
    assertThat(userData.path("ssh_keys").path("ed25519_public").asText()).isEqualTo(pinned);
    assertThat(userData.path("users").get(0).path("ssh_authorized_keys").get(0).asText()).isEqualTo(AUTHORIZED);
  }

  @Test
  void aRecordedServerWithAnAddressCostsNoApiCall() throws Exception {
    untilRunning();
    int before = cloud.requests().size();

    assertThat(look()).isInstanceOf(Progress.Continue.class);
    assertThat(cloud.requests()).hasSize(before);
  }

  @Test
  void aCreateWhoseAnswerIsLostIsAdoptedByItsLabelsNeverMadeTwice() throws Exception {
    cloud.loseCreateAnswers(1);

    Progress first = look();
    assertThat(first).isInstanceOf(Progress.Wait.class);
    assertThat(((Progress.Wait) first).reason()).isEqualTo("CreateResultUnknown");
    assertThat(recorded.phase()).isEqualTo(ServerStatus.CREATING);

    now = now.plusSeconds(5);
    Progress second = look();

    assertThat(second).isInstanceOf(Progress.Continue.class);
    assertThat(cloud.servers()).hasSize(1);
    assertThat(((Progress.Continue) second).server().id()).isEqualTo(cloud.servers().keySet().iterator().next());
    assertThat(cloud.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(1);
  }

  @Test
  void aPendingCreateWhoseServerIsNotListedWaitsForTheGraceThenCreatesAgain() throws Exception {
    recorded = new ServerStatus(ServerStatus.CREATING, null, IDENTITY.name(), null, null, now.toString(), null);
    pinned = "ssh-ed25519 AAAAold";

    Progress soon = look();
    assertThat(soon).isInstanceOf(Progress.Wait.class);
    assertThat(cloud.requests()).noneMatch(r -> r.startsWith("POST"));

    now = now.plusSeconds(31);
    assertThat(untilRunning()).isInstanceOf(Progress.Continue.class);
    assertThat(cloud.servers()).hasSize(1);
    assertThat(pinned).isNotEqualTo("ssh-ed25519 AAAAold"); // a new create, a new birth key pinned before it
  }

  @Test
  void aServerFoundByLabelsWithoutAKnownHostKeyIsNotTrusted() throws Exception {
    cloud.add("tracker-0f5a3c9e", IDENTITY.labels());

    Progress progress = look();

    assertThat(progress).isInstanceOf(Progress.Stuck.class);
    assertThat(((Progress.Stuck) progress).reason()).isEqualTo("HostKeyUnknown");
    assertThat(cloud.requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void twoServersWithTheLabelsStopEverything() throws Exception {
    cloud.add("a", IDENTITY.labels());
    cloud.add("b", IDENTITY.labels());
    pinned = "ssh-ed25519 AAAAkey";

    Progress progress = look();

    assertThat(progress).isInstanceOf(Progress.Stuck.class);
    assertThat(((Progress.Stuck) progress).reason()).isEqualTo("DuplicateServers");
    assertThat(cloud.servers()).hasSize(2);
  }

  @Test
  void aRejectedCreateClearsTheMarkerAndSaysWhy() throws Exception {
    cloud.add("tracker-0f5a3c9e", Map.of("someone", "else")); // the name is taken: 409 uniqueness_error

    Progress progress = look();

    // By its code, not its status: a name another server holds does not pass by itself (a 409 conflict would).
    assertThat(progress).isInstanceOf(Progress.Stuck.class);
    assertThat(((Progress.Stuck) progress).reason()).isEqualTo("HetznerNameTaken");
    assertThat(markers).hasSize(2);
    assertThat(markers.get(1)).as("surely not created: no pin that no server holds").isNull();
    assertThat(((Progress.Stuck) progress).message()).contains("uniqueness_error");
  }

  @Test
  void aRateLimitedApiIsWaitedForWithTheDelayItAsks() throws Exception {
    cloud.rateLimit(100);

    Progress progress = look();

    assertThat(progress).isInstanceOf(Progress.Wait.class);
    assertThat(((Progress.Wait) progress).reason()).isEqualTo("HetznerRateLimited");
    assertThat(((Progress.Wait) progress).recheck()).isEqualTo(Duration.ofSeconds(1));
    assertThat(cloud.servers()).isEmpty();
  }

  @Test
  void aWrongTokenIsStuckWithoutCreating() throws Exception {
    Progress progress = provisioner.ensure(new Provisioner.Request(IDENTITY, SPEC, "wrong", null, null, "torrust", AUTHORIZED, 22),
        (p, k) -> markers.add(p));

    assertThat(progress).isInstanceOf(Progress.Stuck.class);
    assertThat(((Progress.Stuck) progress).reason()).isEqualTo("HetznerTokenRejected");
    assertThat(((Progress.Stuck) progress).message()).doesNotContain("wrong");
    assertThat(markers).isEmpty();
  }

  @Test
  void aMarkerThatCannotBeStoredMeansNoCreate() {
    assertThatThrownBy(() -> provisioner.ensure(new Provisioner.Request(IDENTITY, SPEC, TOKEN, null, null, "torrust", AUTHORIZED, 22),
        (p, k) -> {
          throw new IllegalStateException("status write refused");
        })).hasMessageContaining("status write refused");
    assertThat(cloud.servers()).isEmpty();
  }

  @Test
  void aServerDeletedOutsideIsFoundGoneAndDestroyDeletesEveryServerOfTheResource() throws Exception {
    look();
    long id = recorded.id();
    cloud.add("stray", IDENTITY.labels()); // a second one, from a lost create answer long ago

    assertThat(provisioner.gone(TOKEN, id)).isFalse();
    List<Long> deleted = provisioner.destroy(IDENTITY, TOKEN, recorded);

    assertThat(deleted).hasSize(2).contains(id);
    assertThat(cloud.servers()).isEmpty();
    assertThat(provisioner.gone(TOKEN, id)).isTrue();
    assertThat(provisioner.destroy(IDENTITY, TOKEN, recorded)).containsExactly(id); // already gone: no error
  }

  private static HetznerSpec spec(String type, String location, String image) {
    return new HetznerSpec(new SecretKeyRef("hcloud", "token"), type, location, image, Map.of("team", "trackers"));
  }

  private static String stuck(Progress progress) {
    assertThat(progress).isInstanceOf(Progress.Stuck.class);
    return ((Progress.Stuck) progress).reason() + ": " + ((Progress.Stuck) progress).message();
  }

  @Test
  void anArmTypeGetsTheArmBuildOfItsImage() throws Exception {
    spec = spec("cax11", "fsn1", "ubuntu-24.04");

    assertThat(untilRunning()).isInstanceOf(Progress.Continue.class);
    assertThat(cloud.servers().values().iterator().next().image()).as("the image id of the arm build").isEqualTo("161547270");
    assertThat(cloud.requests()).contains("GET /server_types?name=cax11", "GET /images?name=ubuntu-24.04&architecture=arm&include_deprecated=false");
  }

  @Test
  void whatTheApiWouldRefuseIsStuckBeforeAnyMarkerOrCreate() throws Exception {
    spec = spec("cx22", "nbg1", "ubuntu-24.04");
    assertThat(stuck(look())).startsWith("HetznerServerTypeUnknown: Hetzner Cloud has no server type cx22");
    spec = spec("cx23", "ash", "ubuntu-24.04");
    assertThat(stuck(look())).startsWith("HetznerLocationUnsupported: Server type cx23 is not sold in location ash; it is sold in: fsn1, nbg1, hel1");
    spec = spec("cax11", "nbg1", "windows-11");
    assertThat(stuck(look())).startsWith("HetznerImageUnavailable: Hetzner Cloud has no arm system image named windows-11");

    assertThat(markers).isEmpty();
    assertThat(cloud.requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void aServerThatFailsToStartStallsWithTheApisWords() throws Exception {
    cloud.failNextStarts(1);

    assertThat(stuck(look())).startsWith("ServerCreateFailed: Hetzner Cloud could not create or start server")
        .contains("start_server: server could not be started");
  }

  @Test
  void aServerStillStartingAfterTenMinutesAsksAPerson() throws Exception {
    cloud.initializingReads(1000);

    Progress starting = look();
    assertThat(((Progress.Wait) starting).message()).contains("is initializing in Hetzner Cloud");
    now = now.plus(Provisioner.START_TIMEOUT).plusSeconds(60);

    assertThat(stuck(look())).startsWith("ServerNotStarting");
  }

  @Test
  void aServerPoweredOffIsShownNotWaitedForForever() throws Exception {
    FakeHetznerCloud.Stored stored = cloud.add("tracker-0f5a3c9e", IDENTITY.labels());
    cloud.powerOff(stored.id());
    pinned = "ssh-ed25519 AAAAkey";

    assertThat(stuck(look())).startsWith("ServerOff: Server " + stored.id());
  }

  @Test
  void aSecondCreateRefusedForItsNameAdoptsTheFirstWithItsOwnPin() throws Exception {
    // The first create's answer is lost and the label list is slow to show its server: after the grace
    // a second create is tried, refused because the name is taken by that very server.
    cloud.loseCreateAnswers(1);
    cloud.listDelay(100);
    assertThat(look()).isInstanceOf(Progress.Wait.class);
    String firstPin = pinned;
    ServerStatus firstMarker = recorded;

    now = now.plusSeconds(31);
    Progress second = look();

    assertThat(second).isInstanceOf(Progress.Continue.class);
    assertThat(pinned).as("the pin of the server that exists, not the key generated for the refused create").isEqualTo(firstPin);
    assertThat(((Progress.Continue) second).server().createRequestedAt()).isEqualTo(firstMarker.createRequestedAt());
    assertThat(cloud.servers()).hasSize(1);
    assertThat(cloud.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(2);
  }
}
