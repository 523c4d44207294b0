package com.torrust.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.ProjectFiles;
import com.torrust.operator.api.Condition;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded API as kubectl sees it: the real kubectl (whichever is on the PATH; CI installs Debian's
 * when there is none, v1.20, which reads OpenAPI v2 in protobuf) with the kubeconfig the run command
 * writes, and the raw answers checked against the shapes the Kubernetes API documents.
 */
class KubectlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private EmbeddedApi api;
  private Path kubeconfig;

  @BeforeEach
  void start() throws Exception {
    api = EmbeddedApi.start(0);
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  record Run(int exitCode, String out) {}

  private Run kubectl(String... args) throws Exception {
    return kubectlWith(java.util.Map.of(), args);
  }

  private Run kubectlWith(java.util.Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", dir.toString()); // its discovery cache goes here, not into the user's
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out);
  }

  private HttpClient trusting() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("api", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(api.certificate().getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  private String token() throws Exception {
    return Files.readString(kubeconfig).replaceAll("(?s).*token: \"([0-9a-f]+)\".*", "$1");
  }

  private HttpResponse<byte[]> get(HttpClient http, String url, String token, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private void setReady(String status, String message) {
    var resource = api.client().resources(TrackerDeployment.class).inNamespace("default").withName("demo");
    TrackerDeployment current = resource.get();
    current.setStatus(new TrackerDeploymentStatus(current.getMetadata().getGeneration(),
        List.of(new Condition("Ready", status, status.equals("True") ? "Converged" : "NotConverged", message, "2026-11-30T10:00:00Z",
            current.getMetadata().getGeneration())), // kubectl wait (1.2x and later) compares it with the generation
        null, null, null, null));
    resource.updateStatus(current);
  }

  @Test
  void discoveryAndOpenApiHaveTheShapesKubectlReadsAndNothingAnswersWithoutTheToken() throws Exception {
    HttpClient http = trusting();
    String base = api.url();
    assertThat(Files.getPosixFilePermissions(kubeconfig)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(base).startsWith("https://127.0.0.1:");
    assertThat(get(http, base + "apis", null, "application/json").statusCode()).isEqualTo(401);
    assertThat(get(http, base + "api/v1/namespaces/default/secrets", "wrong", "application/json").statusCode()).isEqualTo(401);
    HttpResponse<String> store = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.storeUrl() + "api/v1/namespaces/default/secrets"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(store.statusCode()).as("the store behind it needs the token too").isEqualTo(401);

    String token = token();
    JsonNode groups = JSON.readTree(get(http, base + "apis", token, "application/json").body());
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(groups.path("groups").toString()).contains("\"name\":\"tracker.torrust.com\"", "\"preferredVersion\"");
    JsonNode resources = JSON.readTree(get(http, base + "apis/tracker.torrust.com/v1alpha1", token, "application/json").body());
    assertThat(resources.path("kind").asText()).isEqualTo("APIResourceList");
    JsonNode td = resources.path("resources").get(0);
    assertThat(td.path("name").asText()).isEqualTo("trackerdeployments");
    assertThat(td.path("kind").asText()).isEqualTo("TrackerDeployment");
    assertThat(td.path("namespaced").asBoolean()).isTrue();
    assertThat(td.path("shortNames").toString()).isEqualTo("[\"td\"]");
    assertThat(td.path("categories").toString()).isEqualTo("[\"torrust\"]");
    assertThat(td.path("verbs").toString()).contains("\"watch\"", "\"patch\"");
    assertThat(JSON.readTree(get(http, base + "api", token, "application/json").body()).path("versions").toString()).isEqualTo("[\"v1\"]");

    JsonNode index = JSON.readTree(get(http, base + "openapi/v3", token, "application/json").body());
    String groupDoc = index.path("paths").path("apis/tracker.torrust.com/v1alpha1").path("serverRelativeURL").asText();
    JsonNode v3 = JSON.readTree(get(http, base + groupDoc.substring(1), token, "application/json").body());
    assertThat(v3.path("openapi").asText()).startsWith("3.");
    JsonNode schema = v3.path("components").path("schemas").path("com.torrust.tracker.v1alpha1.TrackerDeployment");
    assertThat(schema.path("x-kubernetes-group-version-kind").toString()).contains("\"kind\":\"TrackerDeployment\"");
    assertThat(schema.path("properties").path("spec").path("properties").has("host")).isTrue();
    assertThat(v3.path("paths").path("/apis/tracker.torrust.com/v1alpha1/namespaces/{namespace}/trackerdeployments/{name}").path("patch")
        .path("parameters").toString()).contains("fieldValidation");
    byte[] proto = get(http, base + "openapi/v2", token, "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").body();
    assertThat(java.util.Arrays.copyOf(proto, 5)).as("openapi.v2.Document, field 1: swagger \"2.0\"").containsExactly(0x0a, 3, '2', '.', '0');
    assertThat(new String(proto, StandardCharsets.ISO_8859_1)).contains("com.torrust.tracker.v1alpha1.TrackerDeployment", "x-kubernetes-group-version-kind");
  }

  @Test
  void aProtobufBodyIsRefusedWithWhatWorksAndTheYamlWayCreatesTheSecret() throws Exception {
    HttpResponse<String> refused = trusting().send(HttpRequest.newBuilder(URI.create(api.url() + "api/v1/namespaces/default/secrets"))
        .header("Authorization", "Bearer " + token()).header("Content-Type", "application/vnd.kubernetes.protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'k', '8', 's', 0, 0x0a})).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("not Protobuf", "--dry-run=client -o yaml | kubectl apply -f -");

    // The way the answer names, with the real kubectl.
    Run yaml = kubectl("create", "secret", "generic", "made", "--from-literal=token=abc", "--dry-run=client", "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.out()).isZero();
    Files.writeString(dir.resolve("made.yaml"), yaml.out());
    Run applied = kubectl("apply", "-f", dir.resolve("made.yaml").toString());
    assertThat(applied.exitCode()).as(applied.out()).isZero();
    assertThat(api.client().secrets().inNamespace("default").withName("made").get().getData()).containsKey("token");
  }

  @Test
  void kubectlGetsDescribesExplainsAppliesAnnotatesAndWaits() throws Exception {
    Run version = kubectl("version", "--client");
    Run apply = kubectl("apply", "-f", ProjectFiles.root().resolve("examples/minimal.yaml").toString());
    assertThat(apply.out()).as(version.out()).contains("secret/tracker-ssh created", "trackerdeployment.tracker.torrust.com/demo created");
    assertThat(apply.exitCode()).isZero();
    assertThat(kubectl("apply", "-f", ProjectFiles.root().resolve("examples/minimal.yaml").toString()).out()).contains("demo unchanged");

    setReady("False", "Applying generation 1 of the spec to the host.");
    Run get = kubectl("get", "td");
    assertThat(get.out().lines().findFirst().orElse("")).as(version.out()).matches("NAME\\s+READY\\s+DRIFTED\\s+HOST\\s+AGE");
    assertThat(get.out()).containsPattern("demo\\s+False\\s+203\\.0\\.113\\.10\\s+\\d+s");
    assertThat(kubectl("get", "td", "-o", "wide").out()).contains("MESSAGE", "Applying generation 1 of the spec to the host.");
    assertThat(kubectl("get", "torrust").out()).contains("demo");
    assertThat(kubectl("describe", "td", "demo").out()).contains("Name:", "demo", "Kind:         TrackerDeployment", "Ready");
    assertThat(kubectl("explain", "td.spec.host").out()).contains("TrackerDeployment", "address", "The host and how the operator reaches it over SSH");

    Run annotate = kubectl("annotate", "td", "demo", "tracker.torrust.com/requestedAt=2026-11-30T10:00:00Z");
    assertThat(annotate.out()).contains("annotated");
    assertThat(api.client().resources(TrackerDeployment.class).inNamespace("default").withName("demo").get().getMetadata().getAnnotations())
        .containsEntry("tracker.torrust.com/requestedAt", "2026-11-30T10:00:00Z");

    // edit: the user's editor changes the spec, kubectl sends the difference as a patch.
    Run edit = kubectlWith(java.util.Map.of("EDITOR", "sed -i s/7070/7071/"), "edit", "td", "demo");
    assertThat(edit.out()).as(edit.out()).contains("edited");
    assertThat(api.client().resources(TrackerDeployment.class).inNamespace("default").withName("demo").get().getSpec().tracker().httpTrackers()
        .get(0).port()).isEqualTo(7071);

    // get -w prints the row again when the resource changes.
    Path watchOutput = dir.resolve("watch.out");
    ProcessBuilder watching = new ProcessBuilder("kubectl", "get", "td", "-w").redirectErrorStream(true).redirectOutput(watchOutput.toFile());
    watching.environment().put("KUBECONFIG", kubeconfig.toString());
    watching.environment().put("HOME", dir.toString());
    Process watch = watching.start();
    Thread.sleep(3000);
    setReady("False", "Still applying.");
    Thread.sleep(2000);
    watch.destroy();
    watch.waitFor(10, TimeUnit.SECONDS);
    String watched = Files.readString(watchOutput);
    assertThat(watched.lines().filter(l -> l.startsWith("demo")).count()).as(watched).isGreaterThanOrEqualTo(2);

    // wait sees a change that happens after it started: through the watch.
    Thread ready = new Thread(() -> {
      try {
        Thread.sleep(2000);
        setReady("True", "Converged: the host matches the spec.");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ready.start();
    Run waited = kubectl("wait", "--for=condition=Ready", "td/demo", "--timeout=30s");
    ready.join();
    assertThat(waited.out()).as(waited.out()).contains("condition met");
    assertThat(waited.exitCode()).isZero();
  }
}
