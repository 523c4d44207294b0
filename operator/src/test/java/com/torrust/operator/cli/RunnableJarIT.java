package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar as users run it: a separate JVM, nothing from the test class path. */
class RunnableJarIT {

  record Result(int exitCode, String out, String err) {}

  private static Result java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar"));
    assertThat(jar).exists();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jar finished").isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Result result = java("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: tracker-operator", "validate", "render", "check", "apply");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void versionPrintsTheProjectVersion() throws Exception {
    Result result = java("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).containsPattern("tracker-operator \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void validatesExamplesWithTheCrdPackagedInTheJarAndLogsNothingOnTheSide() throws Exception {
    Result result = java("validate", "-f", ProjectFiles.root().resolve("examples/full.yaml").toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("TrackerDeployment production is valid");
    assertThat(result.err()).as("no logging warnings (SLF4J providers, log4j plugins)").isEmpty();
  }

  @Test
  void rejectsAnInvalidSpecWithExitCode2() throws Exception {
    Path spec = Files.createTempFile("invalid", ".yaml");
    Files.writeString(
        spec,
        Files.readString(ProjectFiles.root().resolve("examples/minimal.yaml")).replace("port: 6969", "port: 0"));

    Result result = java("validate", "-f", spec.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("spec.tracker.udpTrackers[0].port: must be at least 1");
  }
}
