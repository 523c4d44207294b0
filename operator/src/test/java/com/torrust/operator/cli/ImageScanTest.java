package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static com.torrust.operator.cli.ImageRecordTest.concat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.Specs;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vulnerability scans on a sandbox host's real Docker engine, with the Trivy stand-in
 * (scripts/standins/trivy: Trivy's CLI and JSON report format; Trivy itself needs a registry and its
 * database, which this machine cannot reach): a report with every severity, a failing scan, a clean image.
 */
@ExtendWith(SandboxHosts.class)
class ImageScanTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURES = "/var/lib/tracker-operator/trivy-cache/standin";

  @TempDir Path dir;

  private static JsonNode scan(String[] target) throws Exception {
    Run check = run(concat(new String[] {"check", "-o", "json"}, target));
    for (JsonNode image : JSON.readTree(check.out()).get("images")) {
      if (image.get("service").asText().equals("tracker")) {
        return image.get("scan");
      }
    }
    throw new AssertionError("no tracker image in " + check.out());
  }

  @Test
  void reportsAreSummarisedInStatusFailuresSaySoAndACleanImageIsClean(SandboxHost host) throws Exception {
    host.standin("tracker", "torrust/tracker:v3.0.0", "v3.0.0");
    host.standin("trivy", "aquasec/trivy:0.69.3", null);
    // The stand-in fails where Trivy fails: without the Docker socket it cannot read the image.
    SandboxHost.Result alone = host.exec("docker", "run", "--rm", "aquasec/trivy:0.69.3", "image", "--format", "json", "torrust/tracker:v3.0.0");
    assertThat(alone.exitCode()).isEqualTo(1);
    assertThat(alone.err()).contains("FATAL", "Cannot connect to the Docker daemon");
    host.shell("mkdir -p " + FIXTURES + " && cat > " + FIXTURES + "/torrust_tracker.json <<'REPORT'\n"
        + com.torrust.operator.converge.TrivyReportTestFixtures.EVERY_SEVERITY + "REPORT");

    Path manifest = dir.resolve("td.yaml");
    Files.writeString(manifest, host.manifest(Specs.MINIMAL + "  images:\n    scan: {enabled: true, threshold: High}\n", "image-scan-token"));
    String[] target = host.cliTarget(manifest);

    Run apply = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
    assertThat(apply.out()).contains("Images: scanning torrust/tracker:v3.0.0 (tracker) with aquasec/trivy:0.69.3",
        "Images: tracker: 1 critical, 2 high, 1 medium, 1 low", "ImageVulnerable", "1 CRITICAL vulnerability, 2 HIGH vulnerabilities (threshold High");
    JsonNode scan = scan(target);
    assertThat(scan.get("critical").asInt()).isEqualTo(1);
    assertThat(scan.get("unknown").asInt()).isEqualTo(1);
    assertThat(scan.get("databaseUpdatedAt").asText()).isNotBlank();
    assertThat(host.shell("stat -c '%a %s' /var/lib/tracker-operator/scans/tracker.json").trim()).matches("600 [0-9]+");
    // Scanned once: the next apply within the interval does not scan again.
    Run again = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(again.out()).doesNotContain("Images: scanning");

    // A failing scan is said, with Trivy's own words, and never reads as clean.
    host.shell("rm -f /var/lib/tracker-operator/scans/tracker.summary " + FIXTURES + "/torrust_tracker.json && echo 'unable to download vulnerability DB: ghcr.io: connection refused' > "
        + FIXTURES + "/torrust_tracker.fail");
    Run failing = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(failing.exitCode()).as(failing.out() + failing.err()).isEqualTo(1);
    assertThat(failing.out()).contains("ImageNotScanned", "No vulnerability scan of torrust/tracker:v3.0.0 (tracker) could run",
        "ghcr.io: connection refused");
    assertThat(scan(target).get("error").asText()).contains("Trivy exit 1", "connection refused");
    assertThat(scan(target).has("critical")).isFalse();

    host.shell("rm -f /var/lib/tracker-operator/scans/tracker.summary " + FIXTURES + "/torrust_tracker.fail");
    Run clean = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(scan(target).get("high").asInt()).isZero();
  }
}
