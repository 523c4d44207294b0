package com.torrust.operator.provision.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The few Hetzner Cloud API calls the operator makes (JSON over HTTPS with the JDK's client): create,
 * get, list by label selector (all pages) and delete servers. A 429 is waited out as the rate-limit
 * headers say, a few times, then reported with when to come back. Calls that are safe to repeat
 * (GET, DELETE) are retried on a lost answer; a create is not, since its result is then unknown.
 */
public final class HetznerClient {

  public static final URI PUBLIC_API = URI.create("https://api.hetzner.cloud/v1/");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_PAGE = 50;
  private static final int RATE_LIMIT_RETRIES = 3;
  /** Longest wait for the rate limit inside one call; beyond it the caller comes back later. */
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(20);
  /** A budget hold this short is waited out in the call (one request's refill at the default limit is 1 s). */
  private static final Duration SHORT_HOLD = Duration.ofSeconds(2);

  /** Waits; tests pass one that records instead. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final RequestBudget budget;

  /**
   * Whether a token can go into an Authorization header: printable ASCII without spaces, as every API
   * token is. Anything else is refused before any request, because the HTTP client's exception for an
   * invalid header quotes the value, and that would carry the token into logs.
   */
  public static boolean isWellFormedToken(String token) {
    return !token.isEmpty() && token.length() <= 1024 && token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /** A client with a budget of its own (the command line: one client per run). */
  public HetznerClient(URI base, String token, HttpClient http, Duration timeout, Sleeper sleeper) {
    this(base, token, http, timeout, sleeper, new RequestBudget());
  }

  /** A client that spends {@code budget}, the one its project's other clients in this process spend too. */
  public HetznerClient(URI base, String token, HttpClient http, Duration timeout, Sleeper sleeper, RequestBudget budget) {
    if (!isWellFormedToken(token)) {
      throw new IllegalArgumentException("the Hetzner Cloud API token is not printable ASCII without spaces (value not shown)");
    }
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
    this.http = http;
    this.timeout = timeout;
    this.sleeper = sleeper;
    this.budget = budget;
  }

  /** The created server. Throws UnknownResult when the answer was lost: the server may exist. */
  public HetznerServer create(CreateServer request) throws HetznerException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", request.name());
    body.put("server_type", request.serverType());
    body.put("location", request.location());
    body.put("image", request.image());
    body.put("user_data", request.userData());
    body.put("start_after_create", true);
    body.set("labels", JSON.valueToTree(request.labels()));
    ObjectNode net = body.putObject("public_net");
    net.put("enable_ipv4", true);
    net.put("enable_ipv6", true);
    // The answer's root_password (set when no SSH key object is attached) is never read: root is locked by the user data.
    return server(send("POST", "servers", body, false).path("server"));
  }

  public Optional<HetznerServer> get(long id) throws HetznerException, InterruptedException {
    try {
      return Optional.of(server(send("GET", "servers/" + id, null, true).path("server")));
    } catch (HetznerException e) {
      if (e.httpStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every server matching the label selector ("k=v,k2=v2"), following the pagination. */
  public List<HetznerServer> list(String labelSelector) throws HetznerException, InterruptedException {
    List<HetznerServer> out = new ArrayList<>();
    for (long page = 1; ; ) {
      JsonNode answer = send("GET", "servers?label_selector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8)
          + "&page=" + page + "&per_page=" + PER_PAGE, null, true);
      for (JsonNode server : answer.path("servers")) {
        out.add(server(server));
      }
      JsonNode next = answer.path("meta").path("pagination").path("next_page");
      if (!next.isNumber() || next.asLong() <= page) {
        return out;
      }
      page = next.asLong();
    }
  }

  /** The server type of this name, or empty when the API has none (removed types, typos). */
  public Optional<ServerType> serverType(String name) throws HetznerException, InterruptedException {
    JsonNode types = send("GET", "server_types?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null, true).path("server_types");
    for (JsonNode type : types) {
      if (name.equals(type.path("name").asText())) {
        List<String> locations = new ArrayList<>();
        type.path("locations").forEach(l -> locations.add(l.path("name").asText()));
        if (locations.isEmpty()) {
          type.path("prices").forEach(p -> locations.add(p.path("location").asText()));
        }
        return Optional.of(new ServerType(name, text(type.path("architecture")), locations));
      }
    }
    return Optional.empty();
  }

  /**
   * The id of the system image of this name built for the architecture, or empty: image names are the
   * same for x86 and Arm, and a create by name takes the x86 one (the Terraform provider resolves the
   * image by the server type's architecture first, for the same reason).
   */
  public Optional<Long> image(String name, String architecture) throws HetznerException, InterruptedException {
    JsonNode images = send("GET", "images?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&architecture="
        + URLEncoder.encode(architecture, StandardCharsets.UTF_8) + "&include_deprecated=false", null, true).path("images");
    for (JsonNode image : images) {
      if (name.equals(image.path("name").asText()) && architecture.equals(image.path("architecture").asText())) {
        return Optional.of(image.path("id").asLong());
      }
    }
    return Optional.empty();
  }

  /** The server of this name in the project (names are unique per project), or empty. */
  public Optional<HetznerServer> byName(String name) throws HetznerException, InterruptedException {
    for (JsonNode server : send("GET", "servers?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null, true).path("servers")) {
      return Optional.of(server(server));
    }
    return Optional.empty();
  }

  /** The error messages of the server's actions that failed (a create or start that did not work). */
  public List<String> failedActions(long serverId) throws HetznerException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (JsonNode action : send("GET", "servers/" + serverId + "/actions?status=error", null, true).path("actions")) {
      out.add(text(action.path("command")) + ": " + text(action.path("error").path("message")));
    }
    return out;
  }

  /** Deletes the server; false when it was already gone. */
  public boolean delete(long id) throws HetznerException, InterruptedException {
    try {
      send("DELETE", "servers/" + id, null, true);
      return true;
    } catch (HetznerException e) {
      if (e.httpStatus() == 404) {
        return false;
      }
      throw e;
    }
  }

  private JsonNode send(String method, String path, JsonNode body, boolean repeatable) throws HetznerException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Authorization", "Bearer " + token).header("Accept", "application/json")
        .header("User-Agent", "tracker-operator");
    if (body != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    String what = method + " /" + path.replaceAll("\\?.*", "");
    boolean essential = !"GET".equals(method); // creates and deletes may use the budget's reserve
    boolean waitedOut429 = false;
    for (int attempt = 1; ; attempt++) {
      // A retry after this call waited out a 429 itself goes; the others sharing the budget still wait.
      Optional<Duration> hold = waitedOut429 ? Optional.empty() : budget.admit(essential, Instant.now());
      waitedOut429 = false;
      if (hold.isPresent() && hold.get().compareTo(SHORT_HOLD) <= 0) {
        sleeper.sleep(hold.get());
        hold = budget.admit(essential, Instant.now());
      }
      if (hold.isPresent()) {
        long left = budget.left(Instant.now());
        throw new HetznerException(HetznerException.Kind.Transient, 429, "rate_limit_exceeded", what + ": not sent: the project's"
            + " request budget is " + (left > 0 ? "low (" + left + " of " + budget.limit() + " an hour left, kept for creates and deletes)" : "spent")
            + "; next try in " + Math.max(1, hold.get().toSeconds()) + " s", hold.get());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // A lost answer: the call may have taken effect. Only a repeatable call is tried once more.
        if (repeatable && attempt == 1) {
          continue;
        }
        throw new HetznerException(HetznerException.Kind.UnknownResult, 0, null,
            what + ": no answer from the Hetzner Cloud API (" + e.getClass().getSimpleName() + ")", null);
      }
      int status = response.statusCode();
      budget.observe(RateLimit.header(response.headers().map(), "ratelimit-limit").orElse(-1),
          RateLimit.header(response.headers().map(), "ratelimit-remaining").orElse(-1), Instant.now());
      if (status >= 200 && status < 300) {
        return response.body().isBlank() ? JSON.createObjectNode() : parse(response.body(), what);
      }
      JsonNode error = parseQuietly(response.body()).path("error");
      String code = error.path("code").isTextual() ? error.path("code").asText() : null;
      String message = what + ": " + status + (code == null ? "" : " " + code)
          + (error.path("message").isTextual() ? ": " + error.path("message").asText() : "");
      if (status == 429) {
        Duration wait = RateLimit.waitAfter429(response.headers().map(), System.currentTimeMillis() / 1000);
        budget.exhausted(wait, Instant.now());
        if (attempt <= RATE_LIMIT_RETRIES && wait.compareTo(LONGEST_WAIT) <= 0) {
          sleeper.sleep(wait);
          waitedOut429 = true;
          continue;
        }
        throw new HetznerException(HetznerException.Kind.Transient, status, code, message, wait);
      }
      throw new HetznerException(kindOf(status, code), status, code, message, null);
    }
  }

  /**
   * Error codes that pass by themselves (from Hetzner's error table and the official clients: hcloud-go
   * retries conflict and locked; maintenance, resource_unavailable, unavailable and timeout are
   * temporary by their definition). Any other code needs the request or a person to change it:
   * uniqueness_error (a name another server has), protected (delete protection is on),
   * resource_limit_exceeded (the project's quota), forbidden, invalid_input, ...
   */
  static final java.util.Set<String> TRANSIENT_CODES = java.util.Set.of("conflict", "locked", "rate_limit_exceeded", "maintenance",
      "resource_unavailable", "unavailable", "timeout", "service_error");

  /** By the API's error code when it gives one; by the HTTP status only when it does not (5xx, 409 and 423 pass). */
  static HetznerException.Kind kindOf(int status, String code) {
    if (code != null) {
      return TRANSIENT_CODES.contains(code) ? HetznerException.Kind.Transient : HetznerException.Kind.Rejected;
    }
    if (status >= 500 || status == 409 || status == 423) {
      return HetznerException.Kind.Transient;
    }
    return HetznerException.Kind.Rejected;
  }

  private static JsonNode parse(String body, String what) throws HetznerException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new HetznerException(HetznerException.Kind.Transient, 0, null, what + ": the answer is not JSON", null);
    }
  }

  private static JsonNode parseQuietly(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static HetznerServer server(JsonNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    node.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    JsonNode net = node.path("public_net");
    return new HetznerServer(node.path("id").asLong(), text(node.path("name")), text(node.path("status")),
        text(net.path("ipv4").path("ip")), text(net.path("ipv6").path("ip")), text(node.path("created")), Map.copyOf(labels));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  /** Hetzner's rate-limit headers: RateLimit-Limit per hour, refilled one at a time; RateLimit-Reset when full again. */
  static final class RateLimit {
    private RateLimit() {}

    /**
     * How long until one more request is allowed: one request's share of the hour (1 s at the default
     * 3600 per hour), never past the reset time; Retry-After wins when the API sends it.
     */
    static Duration waitAfter429(Map<String, List<String>> headers, long nowEpochSeconds) {
      OptionalLong retryAfter = header(headers, "retry-after");
      if (retryAfter.isPresent()) {
        return Duration.ofSeconds(Math.max(1, retryAfter.getAsLong()));
      }
      OptionalLong limit = header(headers, "ratelimit-limit");
      OptionalLong reset = header(headers, "ratelimit-reset");
      long share = limit.isPresent() && limit.getAsLong() > 0 ? Math.max(1, (3600 + limit.getAsLong() - 1) / limit.getAsLong()) : 1;
      if (reset.isPresent()) {
        share = Math.min(share, Math.max(1, reset.getAsLong() - nowEpochSeconds));
      }
      return Duration.ofSeconds(share);
    }

    static OptionalLong header(Map<String, List<String>> headers, String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          try {
            return OptionalLong.of(Long.parseLong(e.getValue().get(0).trim()));
          } catch (NumberFormatException ignored) {
            return OptionalLong.empty();
          }
        }
      }
      return OptionalLong.empty();
    }
  }
}
