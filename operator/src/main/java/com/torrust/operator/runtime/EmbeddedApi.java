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
  private final Thread drain;
  private volatile RequestListener listener = (method, resource) -> { };

  private EmbeddedApi(KubernetesMockServer server, MockWebServer web, KubernetesClient client) {
    this.server = server;
    this.client = client;
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

  /** Starts the server on 127.0.0.1:{@code port} (0: any free port) and installs the CRD. */
  public static EmbeddedApi start(int port) throws IOException {
    quiet();
    MockWebServer web = new MockWebServer();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    answerAccessReviews(server);
    KubernetesClient client = server.createClient();
    try (InputStream crd = EmbeddedApi.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IOException(CRD_RESOURCE + " is missing from the jar");
      }
      client.apiextensions().v1().customResourceDefinitions().resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
    return new EmbeddedApi(server, web, client);
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

  /** The API's URL, for curl or a kubeconfig. */
  public String url() {
    return server.url("/");
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
    drain.interrupt();
    client.close();
    server.destroy();
  }
}
