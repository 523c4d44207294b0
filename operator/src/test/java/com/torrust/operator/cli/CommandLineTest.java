package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.ProjectFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TrackerOperatorCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: tracker-operator", "validate", "render", "check", "apply", "help", "Exit codes");
  }

  @Test
  void shellCompletionIsGeneratedForEveryCommandAndOption() {
    Run run = run("generate-completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F", "probe", "check", "--probe", "--state-dir");
  }

  @Test
  void noCommandShowsTheUsageInsteadOfDoingNothing() {
    Run run = run();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: tracker-operator");
  }

  @Test
  void versionNamesTheBuildAndTheApi() {
    Run run = run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("tracker-operator \\d+\\.\\d+\\.\\d+").contains("tracker.torrust.com/v1alpha1");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run run = run("--no-such-option");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option");
  }

  @Test
  void runRefusesAMalformedAddressRangeBeforeStarting() {
    Run run = run("run", "--embedded-api", "--deny-host-cidr", "10.96.0.0/12,cluster.local");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'cluster.local' is not an address range");
  }

  @Test
  void validateAcceptsTheExamples() {
    Path examples = ProjectFiles.root().resolve("examples");

    Run run = run("validate", "-f", examples.resolve("minimal.yaml").toString(), "-f", examples.resolve("full.yaml").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("TrackerDeployment demo is valid", "TrackerDeployment production is valid");
  }

  /** A spec whose tracker image is unpinned (a CEL rule), with {@code hostExtra} added to the host. */
  private static Path brokenSpec(Path dir, String hostExtra) throws IOException {
    return Files.writeString(
        dir.resolve("td.yaml"),
        """
        apiVersion: tracker.torrust.com/v1alpha1
        kind: TrackerDeployment
        metadata: {name: broken}
        spec:
          host: {address: 203.0.113.10, %s sshKeySecretRef: {name: k, key: id}}
          tracker:
            udpTrackers: [{port: 6969}]
            image: torrust/tracker:latest
        """
            .formatted(hostExtra));
  }

  @Test
  void validateNamesEachInvalidFieldAndExitsWith2(@TempDir Path dir) throws IOException {
    Path file = brokenSpec(dir, "sshPort: 70000,");

    Run run = run("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("TrackerDeployment broken is invalid", "spec.host.sshPort: must be at most 65535");
  }

  @Test
  void validateReportsRuleViolationsOnceTheSchemaIsSatisfied(@TempDir Path dir) throws IOException {
    Path file = brokenSpec(dir, "");

    Run run = run("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("spec.tracker.image: must be pinned");
  }

  @Test
  void validateExplainsYamlErrorsWithTheirLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("td.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: [unclosed\n");

    Run run = run("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("not valid YAML at line");
  }

  @Test
  void aKeyGivenTwiceIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("td.yaml");
    Files.writeString(file, com.torrust.operator.Specs.MINIMAL.replace("  host:\n", "  host:\n    address: 198.51.100.7\n"));

    Run run = run("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("not valid YAML at line", "Duplicate field 'address'");
  }

  @Test
  void aListAsKubectlWritesItStandsForItsItems(@TempDir Path dir) throws IOException {
    JsonNode deployment = com.torrust.operator.Specs.YAML.readTree(com.torrust.operator.Specs.MINIMAL);
    com.fasterxml.jackson.databind.node.ObjectNode list = com.torrust.operator.Specs.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "List");
    list.putArray("items").add(deployment);
    Path file = dir.resolve("list.yaml");
    Files.writeString(file, com.torrust.operator.Specs.YAML.writeValueAsString(list));

    Run run = run("validate", "-f", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("TrackerDeployment demo is valid");
  }

  @Test
  void validateWritesJsonForScripts(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, com.torrust.operator.Specs.MINIMAL.replace("6969", "0"));

    Run run = run("validate", "-f", ProjectFiles.root().resolve("examples/minimal.yaml").toString(), "-f", bad.toString(), "-o", "json");

    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode report = com.torrust.operator.Specs.YAML.readTree(run.out());
    assertThat(report).hasSize(2);
    assertThat(report.get(0).get("valid").asBoolean()).isTrue();
    assertThat(report.get(1).get("valid").asBoolean()).isFalse();
    assertThat(report.get(1).get("violations").get(0).get("field").asText()).isEqualTo("spec.tracker.udpTrackers[0].port");
  }

  @Test
  void validateComplainsAboutAMissingFile(@TempDir Path dir) {
    Run run = run("validate", "-f", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yaml: no such file");
  }

  @Test
  void validateComplainsWhenAFileHasNoTrackerDeployment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("secret.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");

    Run run = run("validate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no TrackerDeployment in it");
  }

  @Test
  void validateRequiresAFile() {
    Run run = run("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option", "--filename");
  }

  @Test
  void checkRefusesAHostWithoutAddressBeforeAnyConnection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path key = dir.resolve("key");
    java.nio.file.Files.writeString(key, "not used");
    java.nio.file.Path generated = java.nio.file.Files.createDirectories(dir.resolve("secrets/tracker-eu-generated"));
    java.nio.file.Files.writeString(generated.resolve("api-admin-token"), "a-token-of-enough-length-0123456789");

    Run run = run("check", "-f", com.torrust.operator.ProjectFiles.root().resolve("examples/hetzner.yaml").toString(), "--ssh-key", key.toString(),
        "--secrets-dir", dir.resolve("secrets").toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("spec.host.address is empty", "status.server.ipv4");
  }
}
