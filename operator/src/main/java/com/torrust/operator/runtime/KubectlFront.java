package com.torrust.operator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What kubectl needs from an API server, in front of the in-memory store (Fabric8's mock server, which
 * serves objects but not discovery, Tables, OpenAPI or HTTP watches): discovery ({@code /api},
 * {@code /apis} and each group-version's resources with verbs, short names and categories), Tables
 * with the CRD's printer columns, the OpenAPI documents {@code kubectl explain} reads (v3, and v2 as
 * JSON), watches as kubectl reads them (a stream of JSON events), and everything else passed on to the
 * store as it came (objects, merge and JSON patches). Loopback only, and every request needs the token.
 */
final class KubectlFront implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String GROUP = "tracker.torrust.com";
  static final String VERSION = "v1alpha1";

  /** The resources the embedded API serves, by group-version: plural, kind, namespaced, short names, categories. */
  record Resource(String group, String version, String plural, String singular, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories, boolean status) {}

  private final HttpServer server;
  private final String store;
  private final String token;
  private final KubernetesClient client;
  private final JsonNode crd;
  private final List<Resource> resources;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "embedded-api-front");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param tls the server's key and certificate: kubectl sends a token only over TLS
   */
  KubectlFront(int port, String store, String token, KubernetesClient client, JsonNode crd, javax.net.ssl.SSLContext tls) throws IOException {
    this.store = store.endsWith("/") ? store.substring(0, store.length() - 1) : store;
    this.token = token;
    this.client = client;
    this.crd = crd;
    JsonNode names = crd.path("spec").path("names");
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
    List<String> categories = new ArrayList<>();
    names.path("categories").forEach(n -> categories.add(n.asText()));
    this.resources = List.of(
        new Resource(GROUP, VERSION, names.path("plural").asText(), names.path("singular").asText(), names.path("kind").asText(), true,
            shortNames, categories, true),
        new Resource("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(), false),
        new Resource("", "v1", "secrets", "secret", "Secret", true, List.of(), List.of(), false),
        new Resource("", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), false),
        new Resource("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), false),
        new Resource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(), false),
        new Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
            List.of("crd", "crds"), List.of(), true));
    com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
    server = https;
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, status(401, "Unauthorized", "a bearer token is required: use the kubeconfig the run command wrote"));
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
      if (method.equals("GET")) {
        JsonNode discovery = discovery(path);
        if (discovery != null) {
          send(exchange, 200, discovery);
          return;
        }
        if (path.equals("/openapi/v3")) {
          send(exchange, 200, openApiV3Index());
          return;
        }
        if (path.startsWith("/openapi/v3/")) {
          String groupVersion = path.substring("/openapi/v3/".length());
          if (resources.stream().anyMatch(r -> openApiPath(r).equals(groupVersion))) {
            send(exchange, 200, openApiV3(groupVersion));
            return;
          }
        }
        if (path.equals("/openapi/v2")) {
          if (accept.contains("protobuf")) {
            byte[] proto = OpenApiV2Proto.document(openApiV2());
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream"); // as kube-openapi answers it
            exchange.sendResponseHeaders(200, proto.length);
            exchange.getResponseBody().write(proto);
          } else {
            send(exchange, 200, openApiV2());
          }
          return;
        }
        if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
          watch(exchange, path, query, accept.contains("as=Table"));
          return;
        }
      }
      String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
      if (method.equals("PATCH") && (contentType.startsWith("application/merge-patch+json") || contentType.startsWith("application/strategic-merge-patch+json"))) {
        mergePatch(exchange);
        return;
      }
      if (contentType.contains("protobuf")) {
        // kubectl sends built-in objects it made itself (create secret, create namespace) as Protobuf; the store reads
        // JSON and YAML only and dropped the connection (kubectl said "EOF"). kubectl 1.32 does not fall back on 415:
        // the answer says what works.
        send(exchange, 415, status(415, "UnsupportedMediaType", "the embedded API reads JSON and YAML, not Protobuf (what kubectl sends for an"
            + " object it made itself): pipe it as YAML instead, e.g. kubectl create secret generic NAME --from-literal=KEY=VALUE"
            + " --dry-run=client -o yaml | kubectl apply -f -"));
        return;
      }
      pass(exchange, method, accept);
    } catch (RuntimeException e) {
      send(exchange, 500, status(500, "InternalError", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /** Constant-time comparison of the bearer token. */
  private boolean authorized(String header) {
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  // ---- discovery (legacy format; kubectl falls back to it when it gets no aggregated discovery)

  JsonNode discovery(String path) {
    if (path.equals("/api")) {
      ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1:" + port());
      return versions;
    }
    if (path.equals("/apis")) {
      ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups");
      resources.stream().map(Resource::group).filter(g -> !g.isEmpty()).distinct().forEach(group -> {
        String version = resources.stream().filter(r -> r.group().equals(group)).findFirst().orElseThrow().version();
        ObjectNode g = groups.addObject().put("name", group);
        ObjectNode gv = JSON.createObjectNode().put("groupVersion", group + "/" + version).put("version", version);
        g.putArray("versions").add(gv);
        g.set("preferredVersion", gv.deepCopy());
      });
      return list;
    }
    String groupVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring("/apis/".length()) : null;
    if (groupVersion == null || resources.stream().noneMatch(r -> gv(r).equals(groupVersion))) {
      return null;
    }
    ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
    ArrayNode out = list.putArray("resources");
    for (Resource r : resources) {
      if (!gv(r).equals(groupVersion)) {
        continue;
      }
      ObjectNode node = out.addObject().put("name", r.plural()).put("singularName", r.singular()).put("namespaced", r.namespaced())
          .put("kind", r.kind());
      ArrayNode verbs = node.putArray("verbs");
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
      if (!r.shortNames().isEmpty()) {
        ArrayNode shortNames = node.putArray("shortNames");
        r.shortNames().forEach(shortNames::add);
      }
      if (!r.categories().isEmpty()) {
        ArrayNode categories = node.putArray("categories");
        r.categories().forEach(categories::add);
      }
      if (r.status()) {
        ObjectNode status = out.addObject().put("name", r.plural() + "/status").put("singularName", "").put("namespaced", r.namespaced())
            .put("kind", r.kind());
        status.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return list;
  }

  private static String gv(Resource r) {
    return r.group().isEmpty() ? r.version() : r.group() + "/" + r.version();
  }

  // ---- OpenAPI

  private JsonNode schema() {
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("name").asText().equals(VERSION)) {
        ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
        // What an API server adds to every CRD's published schema: the fields of every object.
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        if (!properties.has("apiVersion")) {
          properties.putObject("apiVersion").put("type", "string").put("description", "The versioned schema of this object: " + GROUP + "/" + VERSION + ".");
        }
        if (!properties.has("kind")) {
          properties.putObject("kind").put("type", "string").put("description", "The kind of this object.");
        }
        if (!properties.has("metadata")) {
          properties.putObject("metadata").put("type", "object").put("description", "Standard object metadata (name, namespace, labels, annotations).");
        }
        ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", GROUP).put("version", VERSION).put("kind", crd.path("spec").path("names").path("kind").asText());
        return schema;
      }
    }
    throw new IllegalStateException("the CRD has no version " + VERSION);
  }

  private String schemaName() {
    return "com.torrust.tracker." + VERSION + "." + crd.path("spec").path("names").path("kind").asText();
  }

  JsonNode openApiV3Index() {
    ObjectNode index = JSON.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    resources.stream().map(KubectlFront::openApiPath).distinct().forEach(path -> paths.putObject(path)
        .put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + Integer.toHexString(crd.hashCode())));
    return index;
  }

  /** "api/v1" or "apis/GROUP/VERSION": a group-version's path in the OpenAPI v3 index. */
  static String openApiPath(Resource r) {
    return r.group().isEmpty() ? "api/" + r.version() : "apis/" + r.group() + "/" + r.version();
  }

  /**
   * The resource's paths, each operation marked with its group-version-kind (kubectl explain finds the
   * kind through them) and PATCH with the fieldValidation parameter (kubectl apply then leaves
   * validation to the server, which here is the operator's own admission, reported as InvalidSpec).
   */
  private ObjectNode paths(List<Resource> served) {
    ObjectNode paths = JSON.createObjectNode();
    for (Resource r : served) {
      ObjectNode ref = JSON.createObjectNode().put("$ref", "#/components/schemas/" + schemaName(r));
      operations(paths, r, (method, op) -> {
        ArrayNode parameters = op.putArray("parameters");
        if (!method.equals("get") && !method.equals("delete")) {
          parameters.addObject().put("name", "fieldValidation").put("in", "query").putObject("schema").put("type", "string");
          parameters.addObject().put("name", "fieldManager").put("in", "query").putObject("schema").put("type", "string");
        }
        op.putObject("responses").putObject("200").put("description", "OK").putObject("content").putObject("application/json")
            .set("schema", ref.deepCopy());
      });
    }
    return paths;
  }

  /** The operations of a resource's list and object paths, each marked with its group-version-kind, for {@code complete} to finish. */
  private static void operations(ObjectNode paths, Resource r, java.util.function.BiConsumer<String, ObjectNode> complete) {
    String prefix = "/" + openApiPath(r) + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
    for (String path : List.of(prefix, prefix + "/{name}")) {
      ObjectNode item = paths.putObject(path);
      for (String method : path.endsWith("{name}") ? List.of("get", "put", "patch", "delete") : List.of("get", "post")) {
        ObjectNode op = item.putObject(method);
        op.putObject("x-kubernetes-group-version-kind").put("group", r.group()).put("version", r.version()).put("kind", r.kind());
        complete.accept(method, op);
      }
    }
  }

  private String schemaName(Resource r) {
    return r.group().equals(GROUP) ? schemaName() : "embedded." + (r.group().isEmpty() ? "core" : r.group()) + "." + r.version() + "." + r.kind();
  }

  /** The schema of a resource: the CRD's for ours; any object for the others (the store validates nothing). */
  private JsonNode schema(Resource r) {
    if (r.group().equals(GROUP)) {
      return schema();
    }
    ObjectNode schema = JSON.createObjectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true)
        .put("description", r.kind() + " (the embedded API stores it as given).");
    schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", r.group()).put("version", r.version()).put("kind", r.kind());
    return schema;
  }

  JsonNode openApiV3(String groupVersion) {
    List<Resource> served = resources.stream().filter(r -> openApiPath(r).equals(groupVersion)).toList();
    ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "tracker-operator embedded API");
    doc.set("paths", paths(served));
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    served.forEach(r -> schemas.set(schemaName(r), schema(r)));
    return doc;
  }

  /** Every resource in swagger 2.0: definitions (the CRD's schema for ours) and paths marked with their kind. */
  JsonNode openApiV2() {
    ObjectNode doc = JSON.createObjectNode().put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "tracker-operator embedded API");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode definitions = doc.putObject("definitions");
    for (Resource r : resources) {
      definitions.set(schemaName(r), schema(r));
      operations(paths, r, (method, op) -> {
        ArrayNode parameters = op.putArray("parameters");
        if (!method.equals("get") && !method.equals("delete")) {
          parameters.addObject().put("name", "fieldValidation").put("in", "query").put("type", "string");
        }
        op.putObject("responses").putObject("200").put("description", "OK").putObject("schema").put("$ref", "#/definitions/" + schemaName(r));
      });
    }
    return doc;
  }

  // ---- Tables (kubectl get asks for them with Accept: application/json;as=Table;v=v1;g=meta.k8s.io)

  private List<JsonNode> printerColumns() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("name").asText().equals(VERSION)) {
        version.path("additionalPrinterColumns").forEach(out::add);
      }
    }
    return out;
  }

  /** A list or one object of the CRD's kind as a meta.k8s.io/v1 Table: Name, then the CRD's printer columns. */
  JsonNode table(JsonNode body) {
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("description", "Name of the resource")
        .put("priority", 0);
    List<JsonNode> columns = printerColumns();
    for (JsonNode c : columns) {
      definitions.addObject().put("name", c.path("name").asText()).put("type", c.path("type").asText("string")).put("format", "")
          .put("description", c.path("description").asText(c.path("name").asText())).put("priority", c.path("priority").asInt(0));
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(items::add);
    } else {
      items.add(body);
    }
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (JsonNode c : columns) {
        String value = JsonPaths.read(item, c.path("jsonPath").asText());
        if (value != null && c.path("type").asText().equals("date")) {
          value = age(value); // an API server prints dates as ages, as kubectl shows them
        }
        if (value == null) {
          cells.addNull(); // kubectl prints <none>
        } else {
          cells.add(value);
        }
      }
      ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", item.path("metadata").deepCopy());
    }
    return table;
  }

  /** kubectl's short age ("45s", "3m12s", "5h", "2d3h"), as the API server's table printer writes it. */
  static String age(String timestamp) {
    long seconds;
    try {
      seconds = Math.max(0, Duration.between(java.time.Instant.parse(timestamp), java.time.Instant.now()).getSeconds());
    } catch (java.time.format.DateTimeParseException e) {
      return timestamp;
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    long hours = minutes / 60;
    if (hours < 3) {
      return minutes + "m";
    }
    if (hours < 8) {
      return hours + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    return days < 8 ? days + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h") : days + "d";
  }

  private boolean tableKind(String path) {
    return path.startsWith("/apis/" + GROUP + "/" + VERSION + "/") && !path.endsWith("/status");
  }

  // ---- watches, as kubectl reads them: one JSON event per line on a response that stays open

  private void watch(HttpExchange exchange, String path, Map<String, String> query, boolean asTable) throws IOException {
    Target target = target(path);
    if (target == null) {
      send(exchange, 404, status(404, "NotFound", "no such resource: " + path));
      return;
    }
    var operation = target.namespace() == null ? client.genericKubernetesResources(target.context())
        : client.genericKubernetesResources(target.context()).inNamespace(target.namespace());
    String name = target.name();
    String selector = query.get("fieldSelector");
    if (name == null && selector != null && selector.startsWith("metadata.name=")) {
      name = selector.substring("metadata.name=".length());
    }
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>(1024);
    boolean table = asTable && tableKind(path);
    Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        JsonNode object = JSON.valueToTree(resource);
        ObjectNode event = JSON.createObjectNode().put("type", action.name());
        event.set("object", table ? table(object) : object);
        events.offer(event.toString());
      }

      @Override
      public void onClose(WatcherException cause) {
        events.offer("");
      }
    };
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Transfer-Encoding", "chunked");
    exchange.sendResponseHeaders(200, 0);
    long seconds = query.containsKey("timeoutSeconds") ? Math.min(Long.parseLong(query.get("timeoutSeconds")), 3600) : 1800;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try (OutputStream out = exchange.getResponseBody();
        Watch watch = name != null ? operation.withName(name).watch(watcher) : operation.watch(watcher)) {
      // Then the current state (what kubectl wait needs when the change it waits for already happened):
      // read after the watch started, so that no change falls between the two.
      List<GenericKubernetesResource> current = name != null
          ? java.util.Optional.ofNullable(operation.withName(name).get()).map(List::of).orElse(List.of())
          : operation.list().getItems();
      for (GenericKubernetesResource resource : current) {
        watcher.eventReceived(Watcher.Action.ADDED, resource);
      }
      while (System.nanoTime() < deadline) {
        String event = events.poll(1, TimeUnit.SECONDS);
        if (event == null) {
          continue;
        }
        if (event.isEmpty()) {
          break;
        }
        out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // kubectl went away: the watch closes with the stream
    }
  }

  /** A path's resource: group, version, plural, namespace and name (null when the path names no object). */
  record Target(ResourceDefinitionContext context, String namespace, String name) {}

  Target target(String path) {
    List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
    String group;
    String version;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      parts = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      parts = parts.subList(3, parts.size());
    } else {
      return null;
    }
    String namespace = null;
    if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
      namespace = parts.get(1);
      parts = parts.subList(2, parts.size());
    }
    String plural = parts.get(0);
    Resource resource = resources.stream().filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst().orElse(null);
    if (resource == null) {
      return null;
    }
    ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
        .withKind(resource.kind()).withNamespaced(resource.namespaced()).build();
    return new Target(context, namespace, parts.size() >= 2 ? parts.get(1) : null);
  }

  // ---- merge patches (kubectl apply, annotate, edit): applied here, as RFC 7386 says (the store merges
  // lists, where a merge patch replaces them), then written to the store as an update

  private void mergePatch(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    JsonNode patch = JSON.readTree(exchange.getRequestBody().readAllBytes());
    HttpResponse<byte[]> current = store("GET", path, null);
    if (current.statusCode() != 200) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(current.statusCode(), current.body().length == 0 ? -1 : current.body().length);
      exchange.getResponseBody().write(current.body());
      return;
    }
    JsonNode merged = merge(JSON.readTree(current.body()), patch);
    HttpResponse<byte[]> updated = store("PUT", path, JSON.writeValueAsBytes(merged));
    int code = updated.statusCode() == 201 || updated.statusCode() == 202 ? 200 : updated.statusCode();
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, updated.body().length == 0 ? -1 : updated.body().length);
    exchange.getResponseBody().write(updated.body());
  }

  /** RFC 7386: objects merge key by key, null removes, anything else (lists included) replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    patch.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
    });
    return result;
  }

  private HttpResponse<byte[]> store(String method, String path, byte[] body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json").header("Content-Type", "application/json");
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---- everything else: to the store as it came

  private void pass(HttpExchange exchange, String method, String accept) throws IOException {
    URI uri = URI.create(store + exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, status(503, "ServiceUnavailable", "interrupted"));
      return;
    }
    byte[] answer = response.body();
    if (method.equals("GET") && accept.contains("as=Table") && response.statusCode() == 200 && tableKind(exchange.getRequestURI().getRawPath())) {
      send(exchange, 200, table(JSON.readTree(answer)));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", response.headers().firstValue("Content-Type").orElse("application/json"));
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      exchange.getResponseBody().write(answer);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  static JsonNode status(int code, String reason, String message) {
    return JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure").put("message", message)
        .put("reason", reason).put("code", code);
  }

  private static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
