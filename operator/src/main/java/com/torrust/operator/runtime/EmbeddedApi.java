package com.torrust.operator.runtime;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * An in-process Kubernetes API on localhost (Fabric8's mock server in CRUD mode) with the CRD installed,
 * to try the operator without a cluster. It stores and serves objects and watches; it has no admission,
 * no defaulting, no garbage collection and no server-side apply, and loses everything on exit.
 */
public final class EmbeddedApi implements AutoCloseable {

  static final String CRD_RESOURCE = "META-INF/fabric8/" + TrackerDeployment.CRD_NAME + "-v1.yml";

  /** The mock server logs every request at INFO through java.util.logging; a kept reference keeps it quiet. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /** Told of every request the API answered: its method (WATCH for watches) and resource ("secrets", "trackerdeployments/status"). */
  @FunctionalInterface
  public interface RequestListener {
    void answered(String method, String resource);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final KubectlFront front;
  private final String token;
  private final String certificate;
  private final Thread drain;
  private volatile RequestListener listener = (method, resource) -> { };

  private EmbeddedApi(KubernetesMockServer server, MockWebServer web, KubernetesClient client, KubectlFront front, String token,
      String certificate) {
    this.certificate = certificate;
    this.server = server;
    this.client = client;
    this.front = front;
    this.token = token;
    // The mock server keeps every request it answered for tests to take; a long-running operator
    // would keep them all. Taking them as they come bounds the memory and tells what they were.
    this.drain = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          RecordedRequest request = web.takeRequest();
          listener.answered(method(request), resource(request.getPath()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "embedded-api-requests");
    drain.setDaemon(true);
    drain.start();
  }

  /** Requests answered so far. */
  public long requestCount() {
    return server.getRequestCount();
  }

  public void onRequest(RequestListener listener) {
    this.listener = listener;
  }

  private static String method(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    return path.contains("watch=true") ? "WATCH" : request.getMethod();
  }

  /** "/api/v1/namespaces/a/secrets/b?x" -> "secrets"; ".../trackerdeployments/b/status" -> "trackerdeployments/status". */
  static String resource(String path) {
    List<String> parts = List.of((path == null ? "" : path).replaceFirst("\\?.*", "").replaceFirst("^/", "").split("/"));
    int prefix = parts.get(0).equals("api") ? 2 : 3; // api/v1/..., apis/group/version/...
    List<String> rest = parts.size() > prefix ? parts.subList(prefix, parts.size()) : List.of("");
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      rest = rest.subList(2, rest.size());
    }
    return rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
  }

  /**
   * Starts the API on 127.0.0.1:{@code port} (0: any free port) and installs the CRD. What kubectl talks to
   * is {@link KubectlFront}; the store behind it listens on another loopback port. Both require the token
   * (random, per start): anyone else on this machine reaches neither the objects nor the Secrets.
   */
  public static EmbeddedApi start(int port) throws IOException {
    quiet();
    byte[] random = new byte[24];
    new java.security.SecureRandom().nextBytes(random);
    String token = java.util.HexFormat.of().formatHex(random);
    MockWebServer web = new MockWebServer();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(),
        new TokenGate(new KubernetesCrudDispatcher(List.of()), token), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    answerAccessReviews(server);
    KubernetesClient client = server.createClient(builder -> builder.withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(server.url("/")).withTrustCerts(true).withOauthToken(token).withNamespace("default")
        .withRequestTimeout(30_000).withHttp2Disable(true).build()));
    com.fasterxml.jackson.databind.JsonNode crdTree;
    try (InputStream crd = EmbeddedApi.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IOException(CRD_RESOURCE + " is missing from the jar");
      }
      crdTree = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(crd);
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().convertValue(crdTree, CustomResourceDefinition.class)).create();
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
    ServingCertificate tls = ServingCertificate.make();
    KubectlFront front = new KubectlFront(port, server.url("/"), token, client, crdTree, tls.context());
    return new EmbeddedApi(server, web, client, front, token, tls.pem());
  }

  /** Lets through only requests that carry the token; the store answers the rest as before. */
  private static final class TokenGate extends io.fabric8.mockwebserver.http.Dispatcher {
    private final io.fabric8.mockwebserver.http.Dispatcher next;
    private final byte[] expected;

    TokenGate(io.fabric8.mockwebserver.http.Dispatcher next, String token) {
      this.next = next;
      this.expected = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public io.fabric8.mockwebserver.http.MockResponse dispatch(RecordedRequest request) {
      String header = request.getHeader("Authorization");
      if (header == null || !java.security.MessageDigest.isEqual(header.getBytes(java.nio.charset.StandardCharsets.UTF_8), expected)) {
        return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(401)
            .setBody(KubectlFront.status(401, "Unauthorized", "a bearer token is required").toString());
      }
      return next.dispatch(request);
    }

    @Override
    public void shutdown() {
      next.shutdown();
    }
  }

  /**
   * Writes a kubeconfig for kubectl (mode 0600: it holds the token), context "embedded", namespace
   * "default".
   */
  public Path writeKubeconfig(Path file) throws IOException {
    return writeKubeconfig(file, false);
  }

  /** @param store whether the kubeconfig names the store (plain HTTP) instead of the front kubectl uses */
  public Path writeKubeconfig(Path file, boolean store) throws IOException {
    String text = "apiVersion: v1\nkind: Config\n"
        + "clusters:\n- name: embedded\n  cluster: {server: \"" + (store ? storeUrl() : url()).replaceAll("/$", "") + "\""
        + (store ? "" : ", certificate-authority-data: \""
            + java.util.Base64.getEncoder().encodeToString(certificate.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "\"") + "}\n"
        + "users:\n- name: embedded\n  user: {token: \"" + token + "\"}\n"
        + "contexts:\n- name: embedded\n  context: {cluster: embedded, user: embedded, namespace: default}\n"
        + "current-context: embedded\n";
    Files.deleteIfExists(file);
    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text);
    return file;
  }

  /**
   * The mock server has no authorization API; JOSDK asks it (SelfSubjectRulesReview) whether it may use
   * Leases before it runs leader election. Everyone may do everything here: answer so.
   */
  public static void answerAccessReviews(KubernetesMockServer server) {
    var review = new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
        .withNewMetadata().endMetadata()
        .withNewSpec().withNamespace("default").endSpec()
        .withNewStatus().withIncomplete(false)
        .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
        .endStatus().build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, review).always();
  }

  /** Silences the mock server's per-request logging (tests use the same server). */
  public static void quiet() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * The store behind the API (the mock server, plain HTTP on loopback), which also needs the token: what
   * the Fabric8 client of another process uses (its watches are WebSockets, which the front does not
   * serve).
   */
  public String storeUrl() {
    return server.url("/");
  }

  /** The API's certificate (PEM), self-signed, for clients that trust it. */
  public String certificate() {
    return certificate;
  }

  /** The API's URL (what kubectl talks to; it needs the token of {@link #writeKubeconfig}). */
  public String url() {
    return "https://127.0.0.1:" + front.port() + "/";
  }

  /**
   * Creates (or replaces) every object of the YAML files in {@code directory}, in file name order, in
   * namespace "default" unless they name one. Returns what was applied, as "Kind name".
   */
  public List<String> apply(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .yaml or .yml file in " + directory);
    }
    List<String> applied = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata object : client.load(in).items()) {
          if (object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace("default");
          }
          try {
            client.resource(object).create();
          } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
              throw new IOException(file + ": " + object.getKind() + " " + object.getMetadata().getName() + ": " + e.getMessage(), e);
            }
            client.resource(object).update();
          }
          applied.add(object.getKind() + " " + object.getMetadata().getName());
        }
      }
    }
    return applied;
  }

  @Override
  public void close() {
    front.close();
    drain.interrupt();
    client.close();
    server.destroy();
  }
}
