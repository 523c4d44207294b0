package com.torrust.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.api.DatabaseDriver;
import com.torrust.operator.api.DeletionPolicy;
import com.torrust.operator.api.DriftMode;
import com.torrust.operator.api.FirewallLogging;
import com.torrust.operator.api.Images;
import com.torrust.operator.api.ProviderType;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Admission admission;

  @BeforeAll
  static void loadCrd() {
    // Compiles every CEL rule of the generated CRD: a rule that does not compile fails here.
    admission = Admission.fromClasspath();
  }

  static Stream<Path> invalidSpecs() {
    return specs("invalid");
  }

  static Stream<Path> validSpecs() {
    return specs("valid");
  }

  @Test
  void thereAreAtLeast25InvalidSpecs() {
    assertThat(invalidSpecs().count()).isGreaterThanOrEqualTo(25);
  }

  /** Each file names, in its first line, the violation it must be rejected for; any other reason fails. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecWithTheExpectedReason(Path file) throws IOException {
    String text = Files.readString(file);
    assertThat(text).as("first line of %s", file).startsWith("# expect: ");
    String expected = text.lines().findFirst().orElseThrow().substring("# expect: ".length());

    InvalidSpecException rejection =
        catchThrowableOfType(InvalidSpecException.class, () -> admission.admit(YAML.readTree(text)));

    assertThat(rejection).as("%s must be rejected", file.getFileName()).isNotNull();
    assertThat(rejection.violations()).extracting(Violation::toString).anySatisfy(v -> assertThat(v).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void admitsValidEdgeCases(Path file) throws Exception {
    TrackerDeployment admitted = admission.admit(YAML.readTree(file.toFile()));
    assertThat(admitted.getSpec()).isNotNull();
    // Anything admission accepts renders: every value the schema lets through fits the escaper of the
    // file it goes into (an e-mail with '%' once passed the schema and failed the Caddyfile's).
    var spec = admitted.getSpec();
    var secrets = new com.torrust.operator.plan.DeploymentSecrets("token", "password", "root-password", "admin", "grafana-password", "scrape");
    assertThat(new com.torrust.operator.render.FileRenderer()
        .render(com.torrust.operator.plan.Planner.plan(admitted.getMetadata().getName(), spec), spec, secrets).files()).isNotEmpty();
  }

  @Test
  void appliesTheDefaultsOfTheCrd() throws Exception {
    TrackerDeploymentSpec spec = admission.admit(YAML.readTree(minimal())).getSpec();

    assertThat(spec.host().sshPort()).isEqualTo(22);
    assertThat(spec.host().user()).isEqualTo("torrust");
    assertThat(spec.host().securityUpdates().enabled()).isTrue();
    assertThat(spec.host().securityUpdates().automaticReboot()).isTrue();
    assertThat(spec.host().securityUpdates().rebootTime()).isEqualTo("02:00");
    assertThat(spec.provider().type()).isEqualTo(ProviderType.Existing);
    assertThat(spec.firewall().sshAllowFrom()).containsExactly("0.0.0.0/0", "::/0");
    assertThat(spec.firewall().logging()).isEqualTo(FirewallLogging.Low);
    assertThat(spec.tracker().image()).isEqualTo(Images.TRACKER);
    assertThat(spec.tracker().privateMode()).isFalse();
    assertThat(spec.tracker().udpTrackers().get(0).bindAddress()).isEqualTo("0.0.0.0");
    assertThat(spec.tracker().httpTrackers().get(0).tls()).isFalse();
    assertThat(spec.tracker().httpApi().port()).isEqualTo(1212);
    assertThat(spec.tracker().healthCheckApi().port()).isEqualTo(1313);
    assertThat(spec.tracker().database().driver()).isEqualTo(DatabaseDriver.Sqlite);
    assertThat(spec.tracker().database().sqlite().name()).isEqualTo("tracker.db");
    assertThat(spec.mysql().image()).isEqualTo(Images.MYSQL);
    assertThat(spec.prometheus()).isNull();
    assertThat(spec.grafana()).isNull();
    assertThat(spec.https()).isNull();
    assertThat(spec.backup()).isNull();
    assertThat(spec.drift().mode()).isEqualTo(DriftMode.Remediate);
    assertThat(spec.resyncInterval()).isEqualTo("5m");
    assertThat(spec.deletionPolicy()).isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void defaultsInsideAnOptionalSectionOnlyWhenItIsPresent() throws Exception {
    ObjectNode doc = (ObjectNode) YAML.readTree(minimal());
    ((ObjectNode) doc.get("spec")).putObject("prometheus");
    ((ObjectNode) doc.get("spec").get("tracker")).put("version", "develop").put("image", "torrust/tracker@sha256:" + "ab".repeat(32));

    TrackerDeploymentSpec spec = admission.admit(doc).getSpec();

    assertThat(spec.prometheus().enabled()).isTrue();
    assertThat(spec.prometheus().image()).isEqualTo(Images.PROMETHEUS);
    assertThat(spec.prometheus().scrapeInterval()).isEqualTo("15s");
  }

  @Test
  void keepsWhatTheUserSetOverTheDefault() throws Exception {
    ObjectNode doc = (ObjectNode) YAML.readTree(minimal());
    ((ObjectNode) doc.get("spec").get("host")).put("sshPort", 2222);

    assertThat(admission.admit(doc).getSpec().host().sshPort()).isEqualTo(2222);
  }

  @Test
  void treatsNullAsAbsentSoTheDefaultApplies() throws Exception {
    ObjectNode doc = (ObjectNode) YAML.readTree(minimal());
    ((ObjectNode) doc.get("spec").get("host")).putNull("sshPort");

    assertThat(admission.admit(doc).getSpec().host().sshPort()).isEqualTo(22);
  }

  /** A spec found valid is remembered (resyncs admit it again); a changed one is checked in full, and a name is always checked. */
  @Test
  void aRememberedValidSpecDoesNotLetAChangedOrRenamedOneThrough() throws Exception {
    Admission fresh = Admission.fromClasspath();
    ObjectNode doc = (ObjectNode) YAML.readTree(minimal());
    assertThat(fresh.admit(doc).getSpec().host().sshPort()).isEqualTo(22);
    assertThat(fresh.admit(doc.deepCopy()).getSpec().host().sshPort()).as("the same spec again, with its defaults").isEqualTo(22);

    ObjectNode changed = doc.deepCopy();
    ((ObjectNode) changed.get("spec").get("host")).put("sshPort", 0);
    assertThat(catchThrowableOfType(InvalidSpecException.class, () -> fresh.admit(changed)).violations())
        .extracting(Violation::field).containsExactly("spec.host.sshPort");

    ObjectNode renamed = doc.deepCopy();
    ((ObjectNode) renamed.get("metadata")).put("name", "Not A Name");
    assertThat(catchThrowableOfType(InvalidSpecException.class, () -> fresh.admit(renamed)).violations())
        .extracting(Violation::field).containsExactly("metadata.name");
  }

  @Test
  void reportsEveryViolationAtOnce() throws Exception {
    ObjectNode doc = (ObjectNode) YAML.readTree(minimal());
    ((ObjectNode) doc.get("spec").get("host")).put("sshPort", 0).put("user", "Bad User");

    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> admission.admit(doc));

    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("spec.host.sshPort", "spec.host.user");
  }

  @Test
  void doesNotChangeTheDocumentItWasGiven() throws Exception {
    JsonNode doc = YAML.readTree(minimal());
    JsonNode before = doc.deepCopy();

    admission.admit(doc);

    assertThat(doc).isEqualTo(before);
  }

  @Test
  void admitsAResourceReadBackFromTheApiServerAgain() throws Exception {
    TrackerDeployment once = admission.admit(YAML.readTree(minimal()));

    TrackerDeployment twice = admission.admit(once);

    assertThat(twice.getSpec()).isEqualTo(once.getSpec());
  }

  @Test
  void rejectsADocumentWithoutSpec() {
    assertThatThrownBy(
            () -> admission.admit(YAML.readTree("apiVersion: tracker.torrust.com/v1alpha1\nkind: TrackerDeployment\n"
                + "metadata: {name: x}\n")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec: is required");
  }

  @Test
  void neverEchoesTheRejectedValue() throws Exception {
    String secretLooking = "hunter2-password-pasted-in-the-wrong-field";
    ObjectNode doc = (ObjectNode) YAML.readTree(minimal());
    ((ObjectNode) doc.get("spec").get("host")).put("user", secretLooking);

    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> admission.admit(doc));

    assertThat(e.getMessage()).doesNotContain(secretLooking);
  }

  private static String minimal() {
    return com.torrust.operator.Specs.MINIMAL;
  }

  private static Stream<Path> specs(String folder) {
    try {
      URL url = AdmissionTest.class.getClassLoader().getResource("specs/" + folder);
      List<Path> files;
      try (Stream<Path> listing = Files.list(Path.of(url.toURI()))) {
        files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      return files.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
