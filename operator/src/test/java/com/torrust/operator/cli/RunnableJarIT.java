package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.ProjectFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    assertThat(result.out()).contains("Usage: tracker-operator", "run", "validate", "render", "check", "apply");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void carriesOurSshjReaderAndNotSshjsOwn() throws Exception {
    Path jar = Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar"));
    String entry = "net/schmizz/sshj/transport/Reader.class";
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      assertThat(zip.stream().filter(e -> e.getName().equals(entry)).count()).isEqualTo(1);
      try (var in = zip.getInputStream(zip.getEntry(entry))) {
        assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(Path.of("target/classes").resolve(entry)));
      }
    }
  }

  @Test
  void theImagesEntrypointPassesJvmOptionsWithoutALineOnTheSide() throws Exception {
    // The ENTRYPOINT of operator/Dockerfile, run as the image runs it, with the jar where it is here.
    String dockerfile = Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("operator/Dockerfile"));
    java.util.regex.Matcher entry = java.util.regex.Pattern.compile("(?m)^ENTRYPOINT (\\[.*\\])$").matcher(dockerfile);
    assertThat(entry.find()).isTrue();
    List<String> command = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry.group(1)).forEach(n -> command.add(n.asText()
        .replace("/opt/tracker-operator/tracker-operator.jar", Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar"))
            .toAbsolutePath().toString())));
    command.add("--version");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    builder.environment().put("JVM_OPTIONS", "-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isZero();
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).containsPattern("tracker-operator \\d+\\.\\d+");
    assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).as("nothing but JSON may reach the logs").isEmpty();
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

  /** Manifests for the embedded API: an SSH key Secret and a TrackerDeployment whose host never answers. */
  private static Path writeManifests(Path dir) throws IOException, InterruptedException {
    Path key = dir.resolve("id_ed25519");
    assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start().waitFor()).isZero();
    Path manifests = Files.createDirectory(dir.resolve("manifests"));
    StringBuilder secret = new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata: {name: tracker-ssh, labels: {tracker.torrust.com/usable: \"true\"}}\nstringData:\n  ssh-privatekey: |\n");
    Files.readAllLines(key).forEach(l -> secret.append("    ").append(l).append('\n'));
    Files.writeString(manifests.resolve("00-secret.yaml"), secret);
    // Nobody listens on 127.0.0.1:1: the host is unreachable, which the operator reports in status and metrics.
    String deployment = Files.readString(ProjectFiles.root().resolve("examples/minimal.yaml"));
    deployment = deployment.substring(deployment.indexOf("apiVersion: tracker.torrust.com")).replace("address: 203.0.113.10", "address: 127.0.0.1\n    sshPort: 1");
    Files.writeString(manifests.resolve("10-demo.yaml"), deployment);
    return manifests;
  }

  private static Process runEmbedded(Path dir, Path manifests) throws IOException {
    Path jar = Path.of(System.getProperty("operator.jar", "target/tracker-operator.jar"));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "run", "--embedded-api", "--apply", manifests.toString(), "--http-port", "0", "--http-address", "127.0.0.1", "--log-format", "json",
        "--log-level", "debug")
        .redirectError(dir.resolve("stderr").toFile()).start();
  }

  private static void assertOnlyJsonLines(Path stderr) throws IOException {
    List<String> logs = Files.readAllLines(stderr);
    assertThat(logs).allSatisfy(l -> assertThat(isJsonLogLine(l)).as("JSON log line: %s", l).isTrue());
  }

  private static boolean isJsonLogLine(String line) {
    try {
      return new ObjectMapper().readTree(line).has("@timestamp");
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void runWithTheEmbeddedApiReconcilesServesHealthAndMetricsLogsJsonAndStopsOnSigterm() throws Exception {
    Path dir = Files.createTempDirectory("embedded");
    Path key = dir.resolve("id_ed25519");
    Path manifests = writeManifests(dir);
    Process process = runEmbedded(dir, manifests);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String base = null;
      String api = null;
      StringBuilder seen = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = Pattern.compile("health and metrics on (http://\\S+/)").matcher(line);
        if (m.find()) {
          base = m.group(1);
        }
        Matcher a = Pattern.compile("export KUBECONFIG=(\\S+)").matcher(line);
        if (a.find()) {
          api = a.group(1);
        }
        if (line.contains("demo: Ready=False (HostUnreachable)")) {
          break;
        }
      }
      assertThat(seen.toString()).contains("Embedded Kubernetes API at", "Applied Secret tracker-ssh", "Applied TrackerDeployment demo",
          "demo: Ready=False (HostUnreachable)");
      assertThat(base).isNotNull();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      assertThat(get(http, base + "healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, base + "readyz").statusCode()).isEqualTo(200);
      String metrics = get(http, base + "metrics").body();
      assertThat(metrics).contains("tracker_operator_reconcile_seconds_count{", "result=\"HostUnreachable\"",
          "tracker_operator_drift_findings{name=\"demo\",namespace=\"default\"}",
          "tracker_operator_ssh_connections_open ", "tracker_operator_ssh_connections_opened_total ", "tracker_operator_embedded_api_requests_total{method=\"WATCH\",resource=\"trackerdeployments\"}");

      // The generated admin token, read back from the embedded API with kubectl and the kubeconfig the
      // command printed (the API needs its token, over TLS), to look for it in the logs.
      assertThat(api).as("the kubeconfig path is printed").isNotNull();
      Path kubeconfig = Path.of(api);
      assertThat(Files.getPosixFilePermissions(kubeconfig)).containsExactlyInAnyOrder(
          java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      ProcessBuilder kubectl = new ProcessBuilder("kubectl", "get", "secret", "demo-generated", "-o", "json").redirectErrorStream(true);
      kubectl.environment().put("KUBECONFIG", kubeconfig.toString());
      kubectl.environment().put("HOME", dir.toString());
      Process read = kubectl.start();
      String secret = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(read.waitFor()).as(secret).isZero();
      JsonNode generated = new ObjectMapper().readTree(secret);
      String token = new String(Base64.getDecoder().decode(generated.at("/data/api-admin-token").asText()), StandardCharsets.UTF_8);
      assertThat(token).hasSize(32);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped gracefully on SIGTERM").isTrue();
      assertThat(kubeconfig).as("the kubeconfig (it holds the token) is removed on exit").doesNotExist();
      List<String> logs = Files.readAllLines(dir.resolve("stderr"));
      assertThat(logs).isNotEmpty();
      assertOnlyJsonLines(dir.resolve("stderr"));
      assertThat(String.join("\n", logs) + seen).contains("HostUnreachable").doesNotContain(Files.readAllLines(key).get(1)).doesNotContain(token);
      assertThat(String.join("\n", logs)).as("--log-level debug: each reconcile's next look").contains("next look in");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void sigtermWhileReconcilingStopsGracefullyAndLogsOnlyJson() throws Exception {
    // Stopped while reconciles are in flight, at a few moments: log4j's own shutdown hook used to race
    // ours and a late log call printed a plain-text warning into the JSON log (a CI failure).
    Path dir = Files.createTempDirectory("sigterm");
    Path manifests = writeManifests(dir);
    for (long delayMillis : new long[] {0, 300, 700}) {
      Process process = runEmbedded(dir, manifests);
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.contains("Applied TrackerDeployment demo")) {
          // reading up to the moment reconciles start
        }
        assertThat(line).as("operator started and applied the manifests").isNotNull();
        Thread.sleep(delayMillis);
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped gracefully on SIGTERM after %d ms", delayMillis).isTrue();
        assertOnlyJsonLines(dir.resolve("stderr"));
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void applyWithoutTheEmbeddedApiIsRefused() throws Exception {
    Result result = java("run", "--apply", ".");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--apply needs --embedded-api");
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}
