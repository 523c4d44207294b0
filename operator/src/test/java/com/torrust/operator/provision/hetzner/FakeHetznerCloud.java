package com.torrust.operator.provision.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A local stand-in for the Hetzner Cloud API's server endpoints, written from the public API
 * documentation (docs.hetzner.cloud): bearer-token auth, POST/GET/DELETE /servers, label selectors,
 * page/per_page pagination with meta.pagination, the error object {"error": {"code", "message"}},
 * and rate limiting (429 rate_limit_exceeded with RateLimit-Limit/-Remaining/-Reset on every answer).
 * As strict as the API where a create can go wrong: only the server types it sells today, each in its
 * locations and of its architecture (GET /server_types with "locations", since 2025-09), system images
 * per architecture (GET /images?name=&architecture=; an image name alone means the x86 one, so an Arm
 * type with it is refused), a new server "initializing" before "running", and the server's actions
 * (GET /servers/{id}/actions?status=error). Faults can be injected: a create whose answer is lost, 429s,
 * 5xx, a new server the label list does not show yet, a start that fails, a server powered off.
 */
public final class FakeHetznerCloud implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A server as stored by the fake; userData is what the create call sent. */
  public record Stored(long id, String name, String serverType, String location, String image, String userData, Map<String, String> labels,
      String ipv4, String ipv6Network, String created) {}

  private final HttpServer server;
  private final String token;
  private final Map<Long, Stored> servers = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(4711);
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger loseCreateAnswers = new AtomicInteger();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private volatile LongFunction<String> ipv4 = id -> "203.0.113." + (id % 250 + 1);
  private volatile Consumer<Stored> onCreate = s -> {};
  /** The project's bucket as the API keeps it: limit requests an hour, refilled one at a time. */
  private volatile int limit = 3600;
  private double bucket = 3600;
  private long bucketAtNanos = System.nanoTime();
  /** Reads of a new server (GET, list) after its create answer that still show it initializing. */
  private volatile int initializingReads = 0;
  /** Label lists that do not show a new server yet (the API's list is eventually consistent). */
  private volatile int listDelay = 0;
  private final Map<Long, AtomicInteger> reads = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> unlisted = new ConcurrentHashMap<>();
  private final Map<Long, String> failedStarts = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> off = new ConcurrentHashMap<>();
  private final AtomicInteger failNextStarts = new AtomicInteger();

  /** What the API sells today: server type -> architecture and locations. */
  record Catalogued(String architecture, List<String> locations) {}

  static final Map<String, Catalogued> SERVER_TYPES = Map.of(
      "cx23", new Catalogued("x86", List.of("fsn1", "nbg1", "hel1")),
      "cx33", new Catalogued("x86", List.of("fsn1", "nbg1", "hel1")),
      "cpx22", new Catalogued("x86", List.of("fsn1", "nbg1", "hel1", "ash", "hil", "sin")),
      "cpx32", new Catalogued("x86", List.of("fsn1", "nbg1", "hel1", "ash", "hil", "sin")),
      "cax11", new Catalogued("arm", List.of("fsn1", "nbg1", "hel1")),
      "cax21", new Catalogued("arm", List.of("fsn1", "nbg1", "hel1")),
      "ccx13", new Catalogued("x86", List.of("fsn1", "nbg1", "hel1", "ash", "hil", "sin")));

  /** System images: name -> architecture -> id. */
  static final Map<String, Map<String, Long>> IMAGES = Map.of(
      "ubuntu-24.04", Map.of("x86", 161547269L, "arm", 161547270L),
      "ubuntu-22.04", Map.of("x86", 103908130L, "arm", 103908070L),
      "debian-12", Map.of("x86", 114690387L, "arm", 114690389L),
      "debian-13", Map.of("x86", 310557660L, "arm", 310557661L));

  /** How many reads a new server stays "initializing" (0: running at once). */
  public void initializingReads(int n) {
    initializingReads = n;
  }

  /** A new server is missing from the next n label lists. */
  public void listDelay(int n) {
    listDelay = n;
  }

  /** The next n created servers never start: they stay initializing with a failed start_server action. */
  public void failNextStarts(int n) {
    failNextStarts.set(n);
  }

  /** The server is powered off (by its owner, or by Hetzner). */
  public void powerOff(long id) {
    off.put(id, true);
  }

  public FakeHetznerCloud(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/");
  }

  /** "METHOD /path?query" of every request, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public Map<Long, Stored> servers() {
    return Map.copyOf(servers);
  }

  /** The next n creates take effect but their answer is lost (the connection closes). */
  public void loseCreateAnswers(int n) {
    loseCreateAnswers.set(n);
  }

  /** The project's limit per hour; the bucket starts full. */
  public synchronized void limitPerHour(int perHour) {
    limit = perHour;
    bucket = perHour;
    bucketAtNanos = System.nanoTime();
  }

  /** Takes one request from the bucket: the requests left after it, or -1 when none was left. */
  private synchronized long take() {
    long now = System.nanoTime();
    bucket = Math.min(limit, bucket + (now - bucketAtNanos) / 1e9 * limit / 3600.0);
    bucketAtNanos = now;
    if (bucket < 1) {
      return -1;
    }
    bucket -= 1;
    return (long) Math.floor(bucket);
  }

  /** The next n requests get 429. */
  public void rateLimit(int n) {
    rateLimited.set(n);
  }

  /** The next n requests get 503. */
  public void failWithServerErrors(int n) {
    serverErrors.set(n);
  }

  /** Which IPv4 address a new server gets. */
  public void assignIpv4(LongFunction<String> next) {
    ipv4 = next;
  }

  /** Runs after a server is created (e.g. boots a sandbox host from its user data). */
  public void onCreate(Consumer<Stored> hook) {
    onCreate = hook;
  }

  /** A server created outside the operator (for adoption and duplicate tests). */
  public Stored add(String name, Map<String, String> labels) {
    long id = ids.incrementAndGet();
    Stored stored = new Stored(id, name, "cx23", "nbg1", "ubuntu-24.04", "", Map.copyOf(labels), ipv4.apply(id),
        "2001:db8:" + Long.toHexString(id) + "::/64", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    servers.put(id, stored);
    return stored;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/v1".length());
      String query = exchange.getRequestURI().getRawQuery();
      String method = exchange.getRequestMethod();
      requests.add(method + " " + path + (query == null ? "" : "?" + query));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("RateLimit-Limit", String.valueOf(limit));
      exchange.getResponseHeaders().add("RateLimit-Reset", String.valueOf(Instant.now().getEpochSecond() + 3));
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, "unauthorized", "unable to authenticate");
        return;
      }
      long left = take();
      if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || left < 0) {
        exchange.getResponseHeaders().add("RateLimit-Remaining", "0");
        error(exchange, 429, "rate_limit_exceeded", "limit of " + limit + " requests per hour reached");
        return;
      }
      exchange.getResponseHeaders().add("RateLimit-Remaining", String.valueOf(left));
      if (serverErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(exchange, 503, "unavailable", "service unavailable");
        return;
      }
      if (path.equals("/server_types") && method.equals("GET")) {
        serverTypes(exchange, query == null ? Map.of() : params(query));
      } else if (path.equals("/images") && method.equals("GET")) {
        images(exchange, query == null ? Map.of() : params(query));
      } else if (path.matches("/servers/[0-9]+/actions") && method.equals("GET")) {
        long id = Long.parseLong(path.split("/")[2]);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode actions = body.putArray("actions");
        String failure = failedStarts.get(id);
        String wanted = query == null ? null : params(query).get("status");
        if (failure != null && (wanted == null || wanted.equals("error"))) {
          ObjectNode action = action("start_server", id);
          action.put("status", "error");
          action.putObject("error").put("code", "action_failed").put("message", failure);
          actions.add(action);
        }
        send(exchange, 200, body);
      } else if (path.equals("/servers") && method.equals("POST")) {
        create(exchange);
      } else if (path.equals("/servers") && method.equals("GET")) {
        list(exchange, query == null ? Map.of() : params(query));
      } else if (path.matches("/servers/[0-9]+") && (method.equals("GET") || method.equals("DELETE"))) {
        Stored stored = servers.get(Long.parseLong(path.substring("/servers/".length())));
        if (stored == null) {
          error(exchange, 404, "not_found", "server with ID '" + path.substring(9) + "' not found");
        } else if (method.equals("GET")) {
          ObjectNode body = JSON.createObjectNode();
          body.set("server", json(stored, status(stored.id(), true)));
          send(exchange, 200, body);
        } else {
          servers.remove(stored.id());
          ObjectNode body = JSON.createObjectNode();
          body.set("action", action("delete_server", stored.id()));
          send(exchange, 200, body);
        }
      } else {
        error(exchange, 404, "not_found", "no such endpoint");
      }
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    List<String> missing = new ArrayList<>();
    for (String field : List.of("name", "server_type", "image")) {
      if (!body.path(field).isTextual() || body.path(field).asText().isEmpty()) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      error(exchange, 400, "invalid_input", "invalid input in fields " + missing);
      return;
    }
    String name = body.path("name").asText();
    if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?")) {
      error(exchange, 400, "invalid_input", "invalid input in field 'name'");
      return;
    }
    if (servers.values().stream().anyMatch(s -> s.name().equals(name))) {
      error(exchange, 409, "uniqueness_error", "server name is already used");
      return;
    }
    if (body.path("user_data").asText().length() > 32 * 1024) {
      error(exchange, 400, "invalid_input", "user_data is larger than 32 KiB");
      return;
    }
    Catalogued type = SERVER_TYPES.get(body.path("server_type").asText());
    if (type == null) {
      error(exchange, 400, "invalid_input", "server type " + body.path("server_type").asText() + " not found");
      return;
    }
    if (body.hasNonNull("location") && !type.locations().contains(body.path("location").asText())) {
      error(exchange, 422, "invalid_input", "unsupported location for server type");
      return;
    }
    String image = body.path("image").asText();
    String imageArchitecture = null;
    for (Map.Entry<String, Map<String, Long>> named : IMAGES.entrySet()) {
      if (named.getKey().equals(image)) {
        imageArchitecture = "x86"; // by name, the API takes the x86 build
      }
      for (Map.Entry<String, Long> built : named.getValue().entrySet()) {
        if (built.getValue().toString().equals(image)) {
          imageArchitecture = built.getKey();
        }
      }
    }
    if (imageArchitecture == null) {
      error(exchange, 400, "invalid_input", "image " + image + " not found");
      return;
    }
    if (!imageArchitecture.equals(type.architecture())) {
      error(exchange, 422, "invalid_input", "image has incompatible architecture");
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    body.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    long id = ids.incrementAndGet();
    Stored stored = new Stored(id, name, body.path("server_type").asText(), body.path("location").asText(), body.path("image").asText(),
        body.path("user_data").asText(), Map.copyOf(labels), ipv4.apply(id), "2001:db8:" + Long.toHexString(id) + "::/64",
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    reads.put(id, new AtomicInteger());
    unlisted.put(id, new AtomicInteger(listDelay));
    if (failNextStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      failedStarts.put(id, "server could not be started (no capacity left on the host)");
    }
    servers.put(id, stored);
    onCreate.accept(stored);
    if (loseCreateAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return; // closed without an answer: the client cannot know the server exists
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.set("server", json(stored, status(id, false)));
    answer.set("action", action("create_server", id));
    answer.putArray("next_actions").add(action("start_server", id));
    answer.put("root_password", "not-for-logs-" + id); // set when no SSH key object is given
    send(exchange, 201, answer);
  }

  private void list(HttpExchange exchange, Map<String, String> params) throws IOException {
    List<Stored> matching = servers.values().stream().filter(s -> matches(params.getOrDefault("label_selector", ""), s.labels()))
        .filter(s -> !params.containsKey("name") || s.name().equals(params.get("name")))
        // A new server reaches the label lists late; by name the API finds it at once.
        .filter(s -> params.containsKey("name") || unlisted.getOrDefault(s.id(), new AtomicInteger()).getAndUpdate(n -> Math.max(0, n - 1)) == 0)
        .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    int perPage = Math.min(50, Integer.parseInt(params.getOrDefault("per_page", "25")));
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    int last = Math.max(1, (matching.size() + perPage - 1) / perPage);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("servers");
    matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(s -> list.add(json(s, status(s.id(), true))));
    ObjectNode pagination = body.putObject("meta").putObject("pagination");
    pagination.put("page", page);
    pagination.put("per_page", perPage);
    if (page > 1) {
      pagination.put("previous_page", page - 1);
    } else {
      pagination.putNull("previous_page");
    }
    if (page < last) {
      pagination.put("next_page", page + 1);
    } else {
      pagination.putNull("next_page");
    }
    pagination.put("last_page", last);
    pagination.put("total_entries", matching.size());
    send(exchange, 200, body);
  }

  /** The selector forms the API documents: k=v, k==v, k!=v, k (present), !k (absent), comma-separated (AND). */
  static boolean matches(String selector, Map<String, String> labels) {
    for (String term : selector.split(",")) {
      String t = term.strip();
      if (t.isEmpty()) {
        continue;
      }
      boolean ok;
      if (t.contains("!=")) {
        String[] kv = t.split("!=", 2);
        ok = !kv[1].equals(labels.get(kv[0]));
      } else if (t.contains("==")) {
        String[] kv = t.split("==", 2);
        ok = kv[1].equals(labels.get(kv[0]));
      } else if (t.contains("=")) {
        String[] kv = t.split("=", 2);
        ok = kv[1].equals(labels.get(kv[0]));
      } else if (t.startsWith("!")) {
        ok = !labels.containsKey(t.substring(1));
      } else {
        ok = labels.containsKey(t);
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }

  /** The server's status: initializing in its create answer and its first reads (for good when its start failed), then running; off when powered off. */
  private String status(long id, boolean read) {
    if (off.containsKey(id)) {
      return "off";
    }
    AtomicInteger count = reads.get(id);
    if (count == null) {
      return "running"; // added by hand: long running
    }
    if (!read) {
      return "initializing"; // the create answer: the API starts every new server this way
    }
    return failedStarts.containsKey(id) || count.incrementAndGet() <= initializingReads ? "initializing" : "running";
  }

  private void serverTypes(HttpExchange exchange, Map<String, String> params) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("server_types");
    SERVER_TYPES.forEach((name, type) -> {
      if (!params.containsKey("name") || params.get("name").equals(name)) {
        ObjectNode node = list.addObject().put("id", Math.abs(name.hashCode() % 1000)).put("name", name).put("architecture", type.architecture());
        node.putNull("deprecation");
        ArrayNode locations = node.putArray("locations");
        type.locations().forEach(l -> locations.addObject().put("name", l).putNull("deprecation"));
      }
    });
    send(exchange, 200, body);
  }

  private void images(HttpExchange exchange, Map<String, String> params) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("images");
    IMAGES.forEach((name, builds) -> builds.forEach((architecture, id) -> {
      if ((!params.containsKey("name") || params.get("name").equals(name))
          && (!params.containsKey("architecture") || params.get("architecture").equals(architecture))) {
        list.addObject().put("id", id).put("name", name).put("type", "system").put("status", "available").put("architecture", architecture);
      }
    }));
    send(exchange, 200, body);
  }

  private static ObjectNode json(Stored s, String status) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", s.id());
    node.put("name", s.name());
    node.put("status", status);
    node.put("created", s.created());
    ObjectNode net = node.putObject("public_net");
    ObjectNode v4 = net.putObject("ipv4");
    v4.put("id", s.id() * 10);
    v4.put("ip", s.ipv4());
    v4.put("blocked", false);
    v4.put("dns_ptr", "static." + s.ipv4() + ".clients.your-server.de");
    ObjectNode v6 = net.putObject("ipv6");
    v6.put("id", s.id() * 10 + 1);
    v6.put("ip", s.ipv6Network());
    v6.put("blocked", false);
    v6.putArray("dns_ptr");
    net.putArray("floating_ips");
    net.putArray("firewalls");
    node.putObject("server_type").put("name", s.serverType());
    node.putObject("datacenter").putObject("location").put("name", s.location());
    node.putObject("image").put("name", s.image());
    node.set("labels", JSON.valueToTree(s.labels()));
    return node;
  }

  private static ObjectNode action(String command, long id) {
    ObjectNode action = JSON.createObjectNode();
    action.put("id", id * 100);
    action.put("command", command);
    action.put("status", "running");
    action.put("progress", 0);
    action.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    action.putNull("finished");
    action.putArray("resources").addObject().put("id", id).put("type", "server");
    action.putNull("error");
    return action;
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.putNull("details");
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
