package com.torrust.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.torrust.operator.ProjectFiles;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered prometheus.yml and Caddyfile judged by the real programs: Debian's `promtool check
 * config` and `caddy validate` (scripts/test.sh installs both, so this runs in CI). Specs: the examples
 * and every valid test spec, with secret values that YAML and Caddyfile syntax treat specially.
 */
class RealJudgesTest {

  private static final String AWKWARD = "7k#mP9$vL2@qX5nR8jW: {a} [b] 'c' \"d\" \\e %f";

  static Stream<Path> deployments() throws IOException {
    List<Path> files = new ArrayList<>(List.of(
        ProjectFiles.root().resolve("examples/full.yaml"), ProjectFiles.root().resolve("examples/minimal.yaml")));
    try (Stream<Path> valid = Files.list(ProjectFiles.root().resolve("operator/src/test/resources/specs/valid"))) {
      valid.sorted().forEach(files::add);
    }
    return files.stream();
  }

  private static TrackerDeployment load(Path file) throws IOException {
    for (var document : Specs.YAML.readerFor(com.fasterxml.jackson.databind.JsonNode.class)
        .<com.fasterxml.jackson.databind.JsonNode>readValues(file.toFile()).readAll()) {
      if ("TrackerDeployment".equals(document.path("kind").asText())) {
        return Specs.admit(document);
      }
    }
    throw new IllegalStateException(file + " has no TrackerDeployment");
  }

  private static DesiredHostState render(Path file) throws IOException {
    TrackerDeployment deployment = load(file);
    DeploymentSecrets secrets = new DeploymentSecrets(AWKWARD, AWKWARD, AWKWARD, "admin", AWKWARD, "scrape-" + AWKWARD);
    return new FileRenderer().render(Planner.plan(deployment.getMetadata().getName(), deployment.getSpec()), deployment.getSpec(), secrets);
  }

  @ParameterizedTest
  @MethodSource("deployments")
  void promtoolAcceptsEveryRenderedPrometheusConfiguration(Path spec, @TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (scripts/test.sh installs prometheus with apt-get)");
    for (Judged judged : judgeEach(spec, dir, "/prometheus/etc/prometheus.yml", "promtool", "check", "config")) {
      assertThat(judged.exitCode()).as("%s: %s", spec.getFileName(), judged.output()).isZero();
      assertThat(judged.output()).contains("SUCCESS");
    }
  }

  @ParameterizedTest
  @MethodSource("deployments")
  void caddyValidatesEveryRenderedCaddyfileWithoutAWarning(Path spec, @TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/caddy")), "caddy is not installed (scripts/test.sh installs it with apt-get)");
    for (Judged judged : judgeEach(spec, dir, "/Caddyfile", "caddy", "validate", "--adapter", "caddyfile", "--config")) {
      assertThat(judged.exitCode()).as("%s: %s", spec.getFileName(), judged.output()).isZero();
      assertThat(judged.output()).as(spec.getFileName().toString()).contains("Valid configuration")
          .doesNotContain("\"level\":\"warn\"", "\"level\":\"error\"");
    }
  }

  /** Runs {@code command FILE} on each rendered file whose path ends with {@code suffix}. */
  private static List<Judged> judgeEach(Path spec, Path dir, String suffix, String... command) throws Exception {
    List<Judged> verdicts = new ArrayList<>();
    for (PlannedFile file : render(spec).files()) {
      if (file.path().endsWith(suffix)) {
        Path written = dir.resolve(suffix.substring(suffix.lastIndexOf('/') + 1));
        Files.writeString(written, file.content());
        List<String> args = new ArrayList<>(List.of(command));
        args.add(written.toString());
        verdicts.add(judge(args.toArray(String[]::new)));
      }
    }
    return verdicts;
  }

  record Judged(int exitCode, String output) {}

  static Judged judge(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("HOME", System.getProperty("java.io.tmpdir")); // caddy writes its autosave there
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return new Judged(process.exitValue(), output);
  }
}
