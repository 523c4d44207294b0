package com.torrust.operator.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Trivy's JSON report (schema version 2, as its docs and the stand-in print it) into counts; anything else is an error, never zero. */
class TrivyReportTest {

  static final String EVERY_SEVERITY = TrivyReportTestFixtures.EVERY_SEVERITY;



  @Test
  void countsEverySeverityAndAnEmptyReportIsZero() {
    assertThat(TrivyReport.counts(EVERY_SEVERITY)).containsExactly(1, 2, 1, 1, 1);
    assertThat(TrivyReport.counts("{\"SchemaVersion\": 2, \"ArtifactName\": \"x\", \"Results\": [{\"Target\": \"x (alpine 3.20)\"}]}"))
        .containsExactly(0, 0, 0, 0, 0);
    assertThat(TrivyReport.counts("{\"SchemaVersion\": 2, \"ArtifactName\": \"x\"}")).containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void anythingElseIsAnError() {
    assertThatThrownBy(() -> TrivyReport.counts("[{\"Target\": \"old format\", \"Vulnerabilities\": []}]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> TrivyReport.counts("{\"SchemaVersion\": 3, \"Results\": []}")).hasMessageContaining("SchemaVersion is 3, not 2");
    assertThatThrownBy(() -> TrivyReport.counts(EVERY_SEVERITY.replace("\"LOW\"}", "\"SEVERE\"}"))).hasMessageContaining("no known Severity");
    assertThatThrownBy(() -> TrivyReport.counts("{\"SchemaVersion\": 2, \"Results\": {}}")).hasMessageContaining("not a list");
    assertThatThrownBy(() -> TrivyReport.counts(EVERY_SEVERITY.substring(0, 300))).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> TrivyReport.counts("{\"SchemaVersion\": 2, \"SchemaVersion\": 2}")).hasMessageStartingWith("not JSON");
    assertThat(TrivyReport.lastLine("2026-11-30T10:00:00Z\tINFO\tstarting\n2026-11-30T10:00:01Z\tFATAL\tFatal error\tno such image\n"))
        .isEqualTo("no such image");
  }
}
