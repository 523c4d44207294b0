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
 * Faults can be injected: a create whose answer is lost, 429s, 5xx.
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
  private final int limit = 3600;

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
      if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.getResponseHeaders().add("RateLimit-Remaining", "0");
        error(exchange, 429, "rate_limit_exceeded", "limit of " + limit + " requests per hour reached");
        return;
      }
      exchange.getResponseHeaders().add("RateLimit-Remaining", String.valueOf(limit - 1));
      if (serverErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(exchange, 503, "unavailable", "service unavailable");
        return;
      }
      if (path.equals("/servers") && method.equals("POST")) {
        create(exchange);
      } else if (path.equals("/servers") && method.equals("GET")) {
        list(exchange, query == null ? Map.of() : params(query));
      } else if (path.matches("/servers/[0-9]+") && (method.equals("GET") || method.equals("DELETE"))) {
        Stored stored = servers.get(Long.parseLong(path.substring("/servers/".length())));
        if (stored == null) {
          error(exchange, 404, "not_found", "server with ID '" + path.substring(9) + "' not found");
        } else if (method.equals("GET")) {
          ObjectNode body = JSON.createObjectNode();
          body.set("server", json(stored));
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
    Map<String, String> labels = new LinkedHashMap<>();
    body.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    long id = ids.incrementAndGet();
    Stored stored = new Stored(id, name, body.path("server_type").asText(), body.path("location").asText(), body.path("image").asText(),
        body.path("user_data").asText(), Map.copyOf(labels), ipv4.apply(id), "2001:db8:" + Long.toHexString(id) + "::/64",
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    servers.put(id, stored);
    onCreate.accept(stored);
    if (loseCreateAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return; // closed without an answer: the client cannot know the server exists
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.set("server", json(stored));
    answer.set("action", action("create_server", id));
    answer.putArray("next_actions").add(action("start_server", id));
    answer.put("root_password", "not-for-logs-" + id); // set when no SSH key object is given
    send(exchange, 201, answer);
  }

  private void list(HttpExchange exchange, Map<String, String> params) throws IOException {
    List<Stored> matching = servers.values().stream().filter(s -> matches(params.getOrDefault("label_selector", ""), s.labels()))
        .filter(s -> !params.containsKey("name") || s.name().equals(params.get("name")))
        .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    int perPage = Math.min(50, Integer.parseInt(params.getOrDefault("per_page", "25")));
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    int last = Math.max(1, (matching.size() + perPage - 1) / perPage);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("servers");
    matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(s -> list.add(json(s)));
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

  private static ObjectNode json(Stored s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", s.id());
    node.put("name", s.name());
    node.put("status", "running");
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
