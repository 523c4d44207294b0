package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.torrust.operator.ProjectFiles;
import com.torrust.operator.admission.Admission;
import com.torrust.operator.api.GrafanaSpec;
import com.torrust.operator.api.MysqlDatabaseSpec;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under examples/ is valid and carries the Secrets its TrackerDeployments reference. */
class ExamplesTest {

  private static final Admission ADMISSION = Admission.fromClasspath();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(ProjectFiles.root().resolve("examples"))) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyTrackerDeploymentIsValidAndItsSecretsAreInTheSameFile(Path file) throws Exception {
    List<JsonNode> documents = Manifests.read(file.toString(), System.in);
    List<JsonNode> trackerDeployments =
        documents.stream().filter(d -> Admission.KIND.equals(d.path("kind").asText())).toList();

    for (JsonNode document : trackerDeployments) {
      TrackerDeployment admitted = ADMISSION.admit(document);
      for (SecretKeyRef ref : secretRefs(admitted.getSpec())) {
        assertThat(documents)
            .as("%s references Secret %s key %s", file.getFileName(), ref.name(), ref.key())
            .anySatisfy(
                d -> {
                  assertThat(d.path("kind").asText()).isEqualTo("Secret");
                  assertThat(d.path("metadata").path("name").asText()).isEqualTo(ref.name());
                  assertThat(d.path("stringData").has(ref.key()) || d.path("data").has(ref.key())).isTrue();
                });
      }
    }
  }

  private static List<SecretKeyRef> secretRefs(TrackerDeploymentSpec spec) {
    List<SecretKeyRef> refs = new ArrayList<>();
    refs.add(spec.host().sshKeySecretRef());
    if (spec.tracker().httpApi().adminTokenSecretRef() != null) {
      refs.add(spec.tracker().httpApi().adminTokenSecretRef());
    }
    MysqlDatabaseSpec mysql = spec.tracker().database().mysql();
    if (mysql != null) {
      refs.add(mysql.passwordSecretRef());
      if (mysql.rootPasswordSecretRef() != null) {
        refs.add(mysql.rootPasswordSecretRef());
      }
    }
    GrafanaSpec grafana = spec.grafana();
    if (grafana != null) {
      refs.add(new SecretKeyRef(grafana.adminSecretRef().name(), grafana.adminSecretRef().userKey()));
      refs.add(new SecretKeyRef(grafana.adminSecretRef().name(), grafana.adminSecretRef().passwordKey()));
    }
    return refs;
  }
}
