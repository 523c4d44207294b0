package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.ProjectFiles;
import com.torrust.operator.cli.CommandLineTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

  private static final Path FULL = ProjectFiles.root().resolve("examples/full.yaml");
  private static final Path MINIMAL = ProjectFiles.root().resolve("examples/minimal.yaml");

  /** The full example with its generated values given, so that two renders can be compared byte for byte. */
  private static Path fullWithGeneratedValues(Path dir) throws IOException {
    Path manifest = dir.resolve("full-with-generated.yaml");
    Files.writeString(manifest, Files.readString(FULL)
        + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: production-generated}\nstringData: {prometheus-scrape-token: scrape-1}\n");
    return manifest;
  }

  @Test
  void rendersEveryHostFileAndThePlanForReview(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");

    Run run = run("render", "-f", FULL.toString(), "-d", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(out.resolve("opt/torrust/docker-compose.yml")).exists();
    assertThat(out.resolve("etc/cron.d/tracker-backup")).exists();
    assertThat(out.resolve("etc/apt/apt.conf.d/20auto-upgrades")).exists();
    assertThat(permissions(out.resolve("opt/torrust/storage/tracker/etc/tracker.toml"))).isEqualTo("rw-------");
    assertThat(permissions(out.resolve("opt/torrust/secrets/mysql_password"))).isEqualTo("rw-------");
    assertThat(permissions(out.resolve("opt/torrust/docker-compose.yml"))).isEqualTo("rw-r--r--");
    assertThat(Files.readString(out.resolve("opt/torrust/secrets/mysql_password"))).isEqualTo("REPLACE-ME-mysql-tracker-password");
    assertThat(Files.readString(out.resolve("plan.txt"))).contains("Exposure", "Firewall (UFW)", "ufw allow proto udp from any to any port 6969");
    JsonNode plan = new ObjectMapper().readTree(out.resolve("plan.json").toFile());
    assertThat(plan.path("deployment").asText()).isEqualTo("production");
    assertThat(plan.path("firewall").path("rules").size()).isGreaterThan(3);
    assertThat(run.out()).contains("Rendered 19 host files for TrackerDeployment production");
  }

  @Test
  void theSameSpecRendersTheSameBytesInEveryProcess(@TempDir Path dir) throws Exception {
    // An operator restart must not change a file on the host: no iteration order may depend on the JVM
    // (Map.copyOf and Set.of iterate in an order salted per JVM; compose files were reordered by it).
    List<String> digests = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path out = dir.resolve("out" + i);
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), "com.torrust.operator.cli.TrackerOperatorCommand",
          "render", "-f", fullWithGeneratedValues(dir).toString(), "-d", out.toString()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(process.waitFor()).as(output).isZero();
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      try (Stream<Path> files = Files.walk(out)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          sha.update(out.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update(Files.readAllBytes(file));
        }
      }
      digests.add(java.util.HexFormat.of().formatHex(sha.digest()));
    }

    assertThat(digests).as("rendered files of four separate JVMs").containsOnly(digests.get(0));
  }

  @Test
  void thePlanShowsNoSecret(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    run("render", "-f", FULL.toString(), "-d", out.toString());

    for (String report : List.of("plan.txt", "plan.json")) {
      assertThat(Files.readString(out.resolve(report)))
          .doesNotContain("REPLACE-ME-api-admin-token", "REPLACE-ME-mysql-tracker-password", "REPLACE-ME-grafana-admin-password");
    }
  }

  @Test
  void generatedValuesAreMadeUpAndSaidSo(@TempDir Path dir) {
    Run run = run("render", "-f", MINIMAL.toString(), "-d", dir.resolve("out").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("note: made up a value for Secret demo-generated key api-admin-token");
  }

  @Test
  void anInvalidSpecWritesNothingAndExitsWith2(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("td.yaml");
    Files.writeString(spec, Files.readString(MINIMAL).replace("port: 7070", "port: 6969999"));
    Path out = dir.resolve("out");

    Run run = run("render", "-f", spec.toString(), "-d", out.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is invalid:", "spec.tracker.httpTrackers[0].port: must be at most 65535", "Nothing was written.");
    assertThat(out).doesNotExist();
  }

  @Test
  void aMissingSecretIsNamedAndNothingIsWritten(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("td.yaml");
    String withoutApiSecret = Files.readString(FULL).replace("  token: REPLACE-ME-api-admin-token", "  unrelated: REPLACE-ME");
    Files.writeString(spec, withoutApiSecret);
    Path out = dir.resolve("out");

    Run run = run("render", "-f", spec.toString(), "-d", out.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Secret tracker-api key token (the HTTP API admin token)");
    assertThat(out).doesNotExist();
  }

  @Test
  void secretsCanComeFromAFolderLikeAMountedSecret(@TempDir Path dir) throws IOException {
    Path spec = dir.resolve("td.yaml");
    Files.writeString(spec, Files.readString(MINIMAL).replace("      # No adminTokenSecretRef", "      adminTokenSecretRef: {name: api, key: token}\n      #"));
    Path secrets = dir.resolve("secrets");
    Files.createDirectories(secrets.resolve("api"));
    Files.writeString(secrets.resolve("api/token"), "from-the-folder");
    Path out = dir.resolve("out");

    Run run = run("render", "-f", spec.toString(), "--secrets-dir", secrets.toString(), "-d", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(out.resolve("opt/torrust/storage/tracker/etc/tracker.toml"))).contains("admin = \"from-the-folder\"");
  }

  @Test
  void refusesToOverwriteAFolderWithoutForce(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "mine");

    Run refused = run("render", "-f", FULL.toString(), "-d", out.toString());
    Run forced = run("render", "-f", FULL.toString(), "-d", out.toString(), "--force");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("is not empty; use --force");
    assertThat(forced.exitCode()).isZero();
    assertThat(out.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void theFolderIsDashDAndTheOldDashOStillWorksWithAWarning(@TempDir Path dir) {
    Run old = run("render", "-f", FULL.toString(), "-o", dir.resolve("old").toString());
    assertThat(old.exitCode()).isZero();
    assertThat(old.err()).contains("warning: render -o/--output for the folder is deprecated", "use -d/--output-dir");
    assertThat(dir.resolve("old/plan.json")).exists();

    Run none = run("render", "-f", FULL.toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Missing required option: '--output-dir=OUT'", "Usage: tracker-operator render");
    assertThat(run("render", "--help").out()).contains("-d, --output-dir=OUT").doesNotContain("--output=");
  }

  @Test
  void rendersTheSameBytesTwice(@TempDir Path dir) throws IOException {
    Path full = fullWithGeneratedValues(dir);
    run("render", "-f", full.toString(), "-d", dir.resolve("a").toString());
    run("render", "-f", full.toString(), "-d", dir.resolve("b").toString());

    try (Stream<Path> files = Files.walk(dir.resolve("a"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(dir.resolve("b").resolve(dir.resolve("a").relativize(file))).hasSameBinaryContentAs(file);
      }
    }
  }

  private static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
