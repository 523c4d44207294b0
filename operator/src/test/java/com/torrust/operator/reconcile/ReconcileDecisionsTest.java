package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.torrust.operator.Specs;
import com.torrust.operator.api.Condition;
import com.torrust.operator.api.Durations;
import com.torrust.operator.api.DriftFinding;
import com.torrust.operator.api.DriftMode;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.converge.Teardown;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Endpoints;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.FileRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure decisions of the reconciler: what to do, when to look again, what to tell, what to hide. */
class ReconcileDecisionsTest {

  private static final ReconcileSettings SETTINGS = ReconcileSettings.DEFAULTS;
  private static final HostStatus HOST = new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "docker-compose 1.29.2", "0.36.2");

  @Test
  void theDriftModeDecidesWhetherToConvergeAndWhetherToLook() {
    assertThat(Work.decide(DriftMode.Remediate, false)).isEqualTo(Work.Converge);
    assertThat(Work.decide(DriftMode.Remediate, true)).isEqualTo(Work.Converge);
    assertThat(Work.decide(DriftMode.Report, false)).isEqualTo(Work.Check);
    assertThat(Work.decide(DriftMode.Report, true)).isEqualTo(Work.Converge);
    assertThat(Work.decide(DriftMode.Disabled, false)).isEqualTo(Work.Nothing);
    assertThat(Work.decide(DriftMode.Disabled, true)).isEqualTo(Work.ConvergeOnly);
    assertThat(Work.Check.converges()).isFalse();
    assertThat(Work.ConvergeOnly.checksDrift()).isFalse();
  }

  @Test
  void resyncIsPerResourceWithJitterAndFailuresBackOffExponentiallyUpToTheCap() {
    Duration interval = Duration.ofMinutes(5);
    Outcome fine = Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of(), null, null);
    assertThat(Resync.after(fine, interval, 0, 0.0, SETTINGS)).contains(interval);
    assertThat(Resync.after(fine, interval, 0, 0.999, SETTINGS).orElseThrow()).isBetween(interval, interval.plusSeconds(30));

    Outcome down = new Outcome.HostProblem("HostUnreachable", "refused", false);
    assertThat(List.of(1, 2, 3, 4, 5, 6, 10).stream().map(n -> Resync.after(down, interval, n, 0.0, SETTINGS).orElseThrow().toSeconds()))
        .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);
    assertThat(Resync.after(down, Duration.ofSeconds(30), 9, 0.0, SETTINGS)).as("never longer than the resync interval").contains(Duration.ofSeconds(30));

    assertThat(Resync.after(new Outcome.InvalidSpec("bad"), interval, 1, 0.5, SETTINGS)).as("waits for the spec to change").isEmpty();
    Outcome starting = Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of("tracker (starting)"), "h", null);
    assertThat(Resync.after(starting, interval, 0, 0.5, SETTINGS)).contains(SETTINGS.startingRecheck());
    Outcome failedConverge = Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of(), null, "Services: compose up failed");
    assertThat(Resync.after(failedConverge, interval, 2, 0.0, SETTINGS)).contains(Duration.ofSeconds(20));
  }

  @Test
  void durationsAreReadTheWayKubernetesWritesThem() {
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("10s500ms")).isEqualTo(Duration.ofMillis(10_500));
    assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  private static TrackerDeploymentStatus status(List<Condition> conditions, List<DriftFinding> drift) {
    return new TrackerDeploymentStatus(1L, conditions, HOST, List.of(), drift, null);
  }

  private static Condition c(String type, String status, String reason) {
    return new Condition(type, status, reason, reason + " message", "2026-11-22T10:00:00Z", 1L);
  }

  @Test
  void eventsAreForTransitionsAndEveryNewFindingNotForEveryPoll() {
    DriftFinding rogue = new DriftFinding("UnexpectedPublicPort", "Critical", 9999, "TCP", "0.0.0.0", "rogue", "TCP port 9999 is public", "t");
    DriftFinding second = new DriftFinding("UnexpectedPublicPort", "Critical", 3306, "TCP", "0.0.0.0", "db", "TCP port 3306 is public", "t");
    TrackerDeploymentStatus clean = status(List.of(c("Ready", "True", "Converged"), c("Drifted", "False", "NoDriftDetected"),
        c("HostReachable", "True", "Connected")), List.of());
    TrackerDeploymentStatus drifted = status(List.of(c("Ready", "False", "DriftDetected"), c("Drifted", "True", "DriftDetected"),
        c("HostReachable", "True", "Connected")), List.of(rogue));
    TrackerDeploymentStatus more = status(drifted.conditions(), List.of(rogue, second));

    assertThat(StatusEvents.between(null, clean)).extracting(StatusEvent::reason).containsExactly("Converged");
    assertThat(StatusEvents.between(clean, clean)).isEmpty();
    assertThat(StatusEvents.between(clean, drifted)).singleElement().satisfies(e -> {
      assertThat(e.warning()).isTrue();
      assertThat(e.reason()).isEqualTo("DriftDetected");
      assertThat(e.message()).contains("9999");
    });
    assertThat(StatusEvents.between(drifted, drifted)).isEmpty();
    assertThat(StatusEvents.between(drifted, more)).singleElement().satisfies(e -> assertThat(e.message()).contains("3306").doesNotContain("9999"));
    assertThat(StatusEvents.between(more, clean)).extracting(StatusEvent::reason).containsExactly("DriftResolved", "Converged");

    TrackerDeploymentStatus down = status(List.of(c("Ready", "False", "HostUnreachable"), c("HostReachable", "False", "HostUnreachable")), List.of());
    assertThat(StatusEvents.between(clean, down)).extracting(StatusEvent::reason).containsExactly("HostUnreachable");
    assertThat(StatusEvents.between(down, down)).isEmpty();
    TrackerDeploymentStatus mismatch = status(List.of(c("Ready", "False", "HostKeyMismatch"), c("Stalled", "True", "HostKeyMismatch"),
        c("HostReachable", "False", "HostKeyMismatch")), List.of());
    assertThat(StatusEvents.between(clean, mismatch)).as("one event for one cause").extracting(StatusEvent::reason).containsExactly("HostKeyMismatch");
  }

  @Test
  void statusForMissingSecretsDisabledDriftAndStartingServices() {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    TrackerDeploymentStatus missing = StatusCalculator.next(null, 1, new Outcome.SecretsMissing("Not found: Secret api key token."), now);
    assertThat(missing.conditions()).extracting(Condition::type, Condition::status, Condition::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "False", "SecretNotFound"));

    TrackerDeploymentStatus disabled = StatusCalculator.next(null, 1, Outcome.Observed.of(HOST, List.of(), List.of(), false, List.of(), "h", null), now);
    assertThat(disabled.conditions()).filteredOn(x -> x.type().equals("Drifted")).singleElement()
        .satisfies(x -> assertThat(x.status() + " " + x.reason()).isEqualTo("Unknown DriftDetectionDisabled"));
    assertThat(disabled.conditions()).filteredOn(x -> x.type().equals("Ready")).singleElement().satisfies(x -> assertThat(x.status()).isEqualTo("True"));

    TrackerDeploymentStatus starting = StatusCalculator.next(null, 1,
        Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of("tracker (starting)"), "h", null), now);
    assertThat(starting.conditions()).extracting(Condition::type, Condition::reason).contains(
        org.assertj.core.groups.Tuple.tuple("Ready", "ServicesStarting"), org.assertj.core.groups.Tuple.tuple("Reconciling", "ServicesStarting"));

    TrackerDeploymentStatus unchanged = StatusCalculator.unchanged(disabled, 2);
    assertThat(unchanged.observedGeneration()).isEqualTo(2);
    assertThat(unchanged.conditions()).allSatisfy(x -> assertThat(x.observedGeneration()).isEqualTo(2))
        .extracting(Condition::lastTransitionTime).containsOnly(disabled.conditions().get(0).lastTransitionTime());
  }

  @Test
  void secretValuesAreMaskedInEverythingWrittenOut() {
    Redaction redaction = new Redaction(List.of("s3cret-token", "s3cret-token-longer", "ab", ""));
    DriftFinding finding = new DriftFinding("FileChanged", "Warning", null, null, null, "/opt/x", "saw s3cret-token-longer in it", "t");
    TrackerDeploymentStatus status = new TrackerDeploymentStatus(1L,
        List.of(new Condition("Ready", "False", "ConvergeFailed", "failed: s3cret-token", "t", 1L)), HOST, List.of(), List.of(finding), null);

    TrackerDeploymentStatus masked = redaction.apply(status);

    assertThat(masked.conditions().get(0).message()).isEqualTo("failed: [redacted]");
    assertThat(masked.drift().get(0).message()).isEqualTo("saw [redacted] in it");
    assertThat(redaction.apply("port ab 22")).as("values shorter than 4 characters are not secrets worth masking").isEqualTo("port ab 22");
    assertThat(redaction.apply(StatusEvent.warning("X", "a s3cret-token b")).message()).isEqualTo("a [redacted] b");
  }

  @Test
  void theAppliedHashChangesWithAnySecretButDoesNotRevealIt() {
    TrackerDeployment deployment = Specs.minimal();
    var plan = Planner.plan("demo", deployment.getSpec());
    var one = new FileRenderer().render(plan, deployment.getSpec(), new DeploymentSecrets("token-one", null, null, null, null));
    var two = new FileRenderer().render(plan, deployment.getSpec(), new DeploymentSecrets("token-two", null, null, null, null));

    assertThat(AppliedHash.of(one, "key")).isEqualTo(AppliedHash.of(one, "key")).isNotEqualTo(AppliedHash.of(two, "key"))
        .isNotEqualTo(AppliedHash.of(one, "other-key")).doesNotContain(one.hash()).startsWith("hmac-sha256:");
  }

  @Test
  void endpointsAreWhatClientsUse() {
    assertThat(Endpoints.of(Specs.minimal().getSpec())).extracting(e -> e.url()).containsExactly(
        "udp://203.0.113.10:6969/announce", "http://203.0.113.10:7070/announce", "http://203.0.113.10:1212/api");
    assertThat(Endpoints.of(Specs.full().getSpec())).extracting(e -> e.url()).allSatisfy(u -> assertThat(u).doesNotContain("127.0.0.1"))
        .anySatisfy(u -> assertThat(u).startsWith("https://"));
  }

  @Test
  void onlySpecDeletionFinalizerAndControlAnnotationChangesStartAReconcile() {
    TrackerDeployment before = Specs.minimal();
    before.getMetadata().setGeneration(1L);
    TrackerDeployment statusOnly = Specs.minimal();
    statusOnly.getMetadata().setGeneration(1L);
    statusOnly.setStatus(status(List.of(), List.of()));
    TrackerDeployment newSpec = Specs.minimal();
    newSpec.getMetadata().setGeneration(2L);
    TrackerDeployment paused = Specs.minimal();
    paused.getMetadata().setGeneration(1L);
    paused.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true"));
    TrackerDeployment otherAnnotation = Specs.minimal();
    otherAnnotation.getMetadata().setGeneration(1L);
    otherAnnotation.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/tracking-id", "x"));

    SpecOrControlChange filter = new SpecOrControlChange();
    assertThat(filter.accept(statusOnly, before)).isFalse();
    assertThat(filter.accept(otherAnnotation, before)).isFalse();
    assertThat(filter.accept(newSpec, before)).isTrue();
    assertThat(filter.accept(paused, before)).isTrue();
  }

  @Test
  void stopServicesGoesByTheComposeLabelAndQuotesIt() throws Exception {
    String script = Teardown.stopServicesScript("tor'rust");

    assertThat(script).contains("'label=com.docker.compose.project=tor'\\''rust'").doesNotContain("down -v");
    Process syntax = new ProcessBuilder("sh", "-n").start();
    syntax.getOutputStream().write(script.getBytes());
    syntax.getOutputStream().close();
    assertThat(syntax.waitFor()).as("valid sh").isZero();
  }
}
