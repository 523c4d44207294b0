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
    Progress progress = provisioner.ensure(new Provisioner.Request(IDENTITY, SPEC, TOKEN, recorded, pinned, "torrust", AUTHORIZED, 22),
        (pending, key) -> {
          if (pending != null) {
            // The create call must not have been made yet when the marker is stored.
            assertThat(cloud.requests()).noneMatch(r -> r.startsWith("POST"));
          }
          markers.add(pending);
          recorded = pending;
          pinned = key;
        });
    if (progress instanceof Progress.Continue go) {
      recorded = go.server();
    }
    return progress;
  }

  @Test
  void createsOneServerWithThePinnedKeyInItsUserDataAndTheLabels() throws Exception {
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
    look();
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
    assertThat(look()).isInstanceOf(Progress.Continue.class);
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
}
