package com.torrust.operator.provision.hetzner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a local server that speaks the documented Hetzner Cloud API. */
class HetznerClientTest {

  private static final String TOKEN = "hcloud-test-token-0123456789abcdef";
  private FakeHetznerCloud cloud;
  private final List<Duration> slept = new ArrayList<>();
  private HetznerClient client;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeHetznerCloud(TOKEN);
    client = new HetznerClient(cloud.url(), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private static CreateServer request(String name) {
    return new CreateServer(name, "cx23", "nbg1", "ubuntu-24.04", "#cloud-config\n{}\n", Map.of("tracker.torrust.com/uid", "u-" + name));
  }

  @Test
  void aTokenThatCannotBeAHeaderIsRefusedBeforeAnyRequestAndNeverQuoted() {
    for (String bad : java.util.List.of("tok\u0007en-value", "tok en-value", "token-value\n", "t\u00f6ken-value", "")) {
      assertThat(HetznerClient.isWellFormedToken(bad)).as(bad).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new HetznerClient(cloud.url(), bad, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add))
          .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("en-value");
    }
    assertThat(HetznerClient.isWellFormedToken(TOKEN)).isTrue();
    assertThat(cloud.requests()).isEmpty();
  }

  @Test
  void createsAServerAndReadsItsAddresses() throws Exception {
    HetznerServer server = client.create(request("tracker-1"));

    assertThat(server.id()).isPositive();
    assertThat(server.name()).isEqualTo("tracker-1");
    assertThat(server.ipv4()).matches("203\\.0\\.113\\.[0-9]+");
    assertThat(server.ipv6Network()).endsWith("::/64");
    assertThat(server.ipv6()).endsWith("::1").doesNotContain("/");
    assertThat(server.labels()).containsEntry("tracker.torrust.com/uid", "u-tracker-1");
    FakeHetznerCloud.Stored stored = cloud.servers().get(server.id());
    assertThat(stored.userData()).isEqualTo("#cloud-config\n{}\n");
    assertThat(stored.serverType()).isEqualTo("cx23");
    assertThat(stored.location()).isEqualTo("nbg1");
    // The API answers a create with the server initializing; it runs by the next read.
    assertThat(server.status()).isEqualTo("initializing");
    assertThat(client.get(server.id())).hasValueSatisfying(read -> {
      assertThat(read.status()).isEqualTo("running");
      assertThat(read.ipv4()).isEqualTo(server.ipv4());
    });
  }

  @Test
  void readsServerTypesByArchitectureAndLocationAndImagesPerArchitecture() throws Exception {
    assertThat(client.serverType("cax11")).hasValueSatisfying(t -> {
      assertThat(t.architecture()).isEqualTo("arm");
      assertThat(t.locations()).contains("nbg1").doesNotContain("ash");
    });
    assertThat(client.serverType("cx22")).as("removed from the API in 2026").isEmpty();
    assertThat(client.image("ubuntu-24.04", "arm")).contains(161547270L);
    assertThat(client.image("ubuntu-24.04", "x86")).contains(161547269L);
    assertThat(client.image("windows-11", "x86")).isEmpty();
  }

  @Test
  void theFakeRefusesWhatTheApiRefuses() {
    // An Arm type with an image name: the API takes the x86 image and refuses the pair.
    assertThatThrownBy(() -> client.create(new CreateServer("arm-1", "cax11", "nbg1", "ubuntu-24.04", "#cloud-config\n{}\n", Map.of())))
        .isInstanceOfSatisfying(HetznerException.class, e -> assertThat(e.getMessage()).contains("incompatible architecture"));
    assertThatThrownBy(() -> client.create(new CreateServer("old-1", "cx22", "nbg1", "ubuntu-24.04", "#cloud-config\n{}\n", Map.of())))
        .isInstanceOfSatisfying(HetznerException.class, e -> assertThat(e.code()).isEqualTo("invalid_input"));
    assertThatThrownBy(() -> client.create(new CreateServer("us-1", "cx23", "ash", "ubuntu-24.04", "#cloud-config\n{}\n", Map.of())))
        .isInstanceOfSatisfying(HetznerException.class, e -> assertThat(e.getMessage()).contains("unsupported location"));
  }

  @Test
  void listsEveryPageOfTheServersWithALabel() throws Exception {
    for (int i = 0; i < 120; i++) {
      cloud.add("other-" + i, Map.of("team", i % 2 == 0 ? "a" : "b"));
    }

    List<HetznerServer> found = client.list("team=a");

    assertThat(found).hasSize(60).allSatisfy(s -> assertThat(s.labels()).containsEntry("team", "a"));
    assertThat(found).extracting(HetznerServer::id).doesNotHaveDuplicates();
    assertThat(cloud.requests()).filteredOn(r -> r.startsWith("GET /servers?")).hasSize(2)
        .allSatisfy(r -> assertThat(r).contains("label_selector=team%3Da").contains("per_page=50"));
  }

  @Test
  void aMissingServerIsEmptyAndDeletingItAgainIsNoError() throws Exception {
    HetznerServer server = client.create(request("gone-soon"));

    assertThat(client.delete(server.id())).isTrue();
    assertThat(client.get(server.id())).isEmpty();
    assertThat(client.delete(server.id())).isFalse();
  }

  @Test
  void aRejectedRequestSaysWhyAndNeverShowsTheToken() {
    HetznerClient wrong = new HetznerClient(cloud.url(), "not-the-token", HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add);

    HetznerException e = catchThrowableOfType(HetznerException.class, () -> wrong.list("a=b"));

    assertThat(e.kind()).isEqualTo(HetznerException.Kind.Rejected);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.code()).isEqualTo("unauthorized");
    assertThat(e.getMessage()).contains("GET /servers", "401 unauthorized").doesNotContain("not-the-token", "label_selector");
  }

  @Test
  void aDuplicateNameIsRejected() throws Exception {
    client.create(request("same"));

    HetznerException e = catchThrowableOfType(HetznerException.class, () -> client.create(request("same")));

    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("uniqueness_error");
  }

  @Test
  void waitsOutARateLimitAsTheHeadersSayThenSucceeds() throws Exception {
    cloud.rateLimit(2);

    List<HetznerServer> found = client.list("a=b");

    assertThat(found).isEmpty();
    // 3600 requests per hour refill one per second; the fake's reset is 3 s away.
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(cloud.requests()).hasSize(3);
  }

  @Test
  void aLastingRateLimitIsReportedWithWhenToComeBack() {
    cloud.rateLimit(10);

    HetznerException e = catchThrowableOfType(HetznerException.class, () -> client.create(request("limited")));

    assertThat(e.kind()).isEqualTo(HetznerException.Kind.Transient);
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(slept).hasSize(3);
    assertThat(cloud.servers()).isEmpty();
  }

  /**
   * Two clients of one project in one process (two resources with the same token) spend one budget:
   * when the API says few requests are left, reads stop before they are sent and the rest is kept for
   * creates and deletes; the wait comes back as a rate limit with when to try again.
   */
  @Test
  void clientsOfOneProjectShareItsBudgetAndKeepTheReserveForCreatesAndDeletes() throws Exception {
    cloud.limitPerHour(40); // reserve: max(10, 40 / 20) = 10; one request refills in 90 s
    RequestBudget.Shared budgets = new RequestBudget.Shared();
    HetznerClient first = new HetznerClient(cloud.url(), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add, budgets.forToken(TOKEN));
    HetznerClient second = new HetznerClient(cloud.url(), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add, budgets.forToken(TOKEN));
    assertThat(budgets.size()).as("one budget per token").isEqualTo(1);

    int sent = 0;
    HetznerException held = null;
    for (int i = 0; i < 40 && held == null; i++) {
      try {
        (i % 2 == 0 ? first : second).list("a=b");
        sent++;
      } catch (HetznerException e) {
        held = e;
      }
    }

    assertThat(held).as("reads stopped by the budget").isNotNull();
    assertThat(sent).as("reads sent until 10 were left").isEqualTo(30);
    assertThat(cloud.requests()).as("the held read was never sent").hasSize(30);
    assertThat(held.httpStatus()).isEqualTo(429);
    assertThat(held.getMessage()).contains("not sent", "of 40 an hour left, kept for creates and deletes");
    assertThat(held.retryAfter()).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(91));
    assertThat(slept).as("a long hold is not slept in the call").isEmpty();

    HetznerServer created = second.create(request("kept-for-creates"));
    assertThat(second.delete(created.id())).as("creates and deletes use the reserve").isTrue();
    assertThat(cloud.requests()).hasSize(32);
  }

  /** After one client's 429, the others of its project send nothing until the wait the API asked for. */
  @Test
  void aRateLimitSeenByOneClientHoldsTheOthersOfItsProject() throws Exception {
    RequestBudget.Shared budgets = new RequestBudget.Shared();
    HetznerClient first = new HetznerClient(cloud.url(), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add, budgets.forToken(TOKEN));
    HetznerClient second = new HetznerClient(cloud.url(), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add, budgets.forToken(TOKEN));
    HetznerClient otherProject = new HetznerClient(cloud.url(), TOKEN, HttpClient.newHttpClient(), Duration.ofSeconds(5), slept::add,
        new RequestBudget()); // as another project's (the fake knows one token)
    cloud.limitPerHour(360); // a 429's wait: one request's share (10 s), capped by the fake's reset 3 s away
    cloud.rateLimit(10);
    catchThrowableOfType(HetznerException.class, () -> first.list("a=b"));
    int requests = cloud.requests().size();
    cloud.rateLimit(0);

    HetznerException held = catchThrowableOfType(HetznerException.class, () -> second.get(1));
    assertThat(held).isNotNull();
    assertThat(held.getMessage()).contains("not sent", "budget is spent");
    assertThat(cloud.requests()).as("nothing sent while the project waits").hasSize(requests);

    assertThat(otherProject.list("a=b")).as("another project's budget is its own").isEmpty();
  }

  @Test
  void theBudgetRefillsAtTheLimitsPace() {
    RequestBudget budget = new RequestBudget();
    java.time.Instant now = java.time.Instant.parse("2026-11-30T12:00:00Z");
    assertThat(budget.admit(false, now)).as("nothing known yet: the first answer tells").isEmpty();
    budget.observe(3600, 180, now); // the reserve at 3,600 an hour: 180

    assertThat(budget.admit(false, now)).as("at the reserve: reads wait a second per missing request").contains(Duration.ofSeconds(1));
    assertThat(budget.admit(true, now)).as("a delete goes").isEmpty();
    assertThat(budget.left(now)).isEqualTo(179);
    assertThat(budget.admit(false, now.plusSeconds(2))).as("refilled one a second").isEmpty();
    budget.exhausted(Duration.ofSeconds(30), now.plusSeconds(2));
    assertThat(budget.admit(true, now.plusSeconds(10))).contains(Duration.ofSeconds(22));
  }

  @Test
  void aLostCreateAnswerIsAnUnknownResultAndIsNotRepeated() {
    cloud.loseCreateAnswers(1);

    HetznerException e = catchThrowableOfType(HetznerException.class, () -> client.create(request("lost")));

    assertThat(e.kind()).isEqualTo(HetznerException.Kind.UnknownResult);
    assertThat(cloud.servers()).hasSize(1); // it was created all the same
    assertThat(cloud.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(1);
  }

  @Test
  void serverErrorsAreTransient() {
    cloud.failWithServerErrors(1);

    HetznerException e = catchThrowableOfType(HetznerException.class, () -> client.get(1));

    assertThat(e.kind()).isEqualTo(HetznerException.Kind.Transient);
    assertThat(e.httpStatus()).isEqualTo(503);
  }

  @Test
  void rateLimitWaitFollowsTheHeaders() {
    long now = 1_700_000_000L;
    assertThat(HetznerClient.RateLimit.waitAfter429(Map.of("RateLimit-Limit", List.of("3600"), "RateLimit-Reset", List.of("" + (now + 60))), now))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(HetznerClient.RateLimit.waitAfter429(Map.of("ratelimit-limit", List.of("360")), now)).isEqualTo(Duration.ofSeconds(10));
    assertThat(HetznerClient.RateLimit.waitAfter429(Map.of("RateLimit-Limit", List.of("360"), "RateLimit-Reset", List.of("" + (now + 4))), now))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(HetznerClient.RateLimit.waitAfter429(Map.of("Retry-After", List.of("7")), now)).isEqualTo(Duration.ofSeconds(7));
    assertThat(HetznerClient.RateLimit.waitAfter429(Map.of(), now)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theLabelSelectorOfTheFakeFollowsTheDocumentedForms() {
    Map<String, String> labels = Map.of("a", "1", "b", "2");
    assertThat(FakeHetznerCloud.matches("a=1,b==2", labels)).isTrue();
    assertThat(FakeHetznerCloud.matches("a!=1", labels)).isFalse();
    assertThat(FakeHetznerCloud.matches("c", labels)).isFalse();
    assertThat(FakeHetznerCloud.matches("!c,a", labels)).isTrue();
  }
}
