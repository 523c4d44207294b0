package com.torrust.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.api.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@link ObservationScript}. Never throws on odd input: whatever cannot be read
 * becomes a problem in the observation, and the rest is still used.
 */
public final class ObservationParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PROCESS = Pattern.compile("\\(\\(\"([^\"]*)\",pid=(\\d+)");
  /** A setting line as UFW recognizes it in /etc/default/ufw and ufw.conf (ufw/backend.py, _get_defaults). */
  private static final Pattern UFW_SETTING = Pattern.compile("^\\w+=\"?\\w+\"?");
  /** A sha256sum line: the hash, two characters (" " or " *", text or binary mode), the path. */
  private static final Pattern HASH_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");
  private static final Pattern PORT_MAPPING = Pattern.compile("^(.*):(\\d+)(?:-(\\d+))?->(\\d+)(?:-(\\d+))?/(tcp|udp)$");
  /** A published range longer than this is not expanded port by port: it is reported as what it is. */
  static final int MAX_RANGE = 1024;

  private ObservationParser() {}

  /** A section's text and the exit code of its command (null when the END line is missing). */
  record Section(String text, Integer exitCode) {}

  public static Observation parse(String output, String nonce, List<String> plannedFiles) {
    List<String> problems = new ArrayList<>();
    Map<String, Section> sections = sections(output, ObservationScript.boundary(nonce), problems);
    HostFacts facts = facts(sections);
    return new Observation(
        facts,
        firewall(sections, problems),
        sockets(text(sections, "sockets"), problems),
        containers(text(sections, "containers"), problems),
        files(text(sections, "files"), plannedFiles, problems),
        sshd(sections.get("sshd"), text(sections, "sshd-match"), problems),
        clientAddress(text(sections, "ssh-client")),
        sections.containsKey("packages") && !text(sections, "packages").isBlank() ? installed(text(sections, "packages")) : null,
        leftovers(text(sections, "leftovers"), plannedFiles),
        problems,
        docker(sections, problems),
        limits(sections, problems),
        images(sections, problems),
        succeeded(sections, "owner-marker") ? text(sections, "owner-marker").strip() : null);
  }

  private static final Pattern ENFORCED_LINE = Pattern.compile("^enforced (true|false) (true|false)$");
  private static final Pattern LIMITS_LINE =
      Pattern.compile("^\"/?([A-Za-z0-9][A-Za-z0-9_.-]{0,127})\" (-?[0-9]{1,19}) (-?[0-9]{1,19}) ([0-9]{1,19})(?: (sha256:[a-f0-9]{64}))?$");
  private static final Pattern IMAGE_LINE = Pattern.compile("^image (sha256:[a-f0-9]{64}) (\\[.{0,4096}\\]|null)$");
  private static final Pattern REPO_DIGEST = Pattern.compile("^[a-z0-9][-a-z0-9._:/]{0,254}@sha256:[a-f0-9]{64}$");
  private static final Pattern SCAN_DB = Pattern.compile("^db (\\{.{0,2040}\\})$");

  /** The containers' limits by name; null when Docker could not be asked (a problem says so when Docker answers otherwise). */
  static ContainerLimits.Report limits(Map<String, Section> sections, List<String> problems) {
    Section section = sections.get("container-limits");
    if (section == null || !Integer.valueOf(0).equals(section.exitCode())) {
      if (section != null && succeeded(sections, "containers")) {
        problems.add("the containers' resource limits could not be read");
      }
      return null;
    }
    Map<String, ContainerLimits> out = new HashMap<>();
    String text = section.text();
    ContainerLimits.Enforced enforced = ContainerLimits.Enforced.ALL;
    Matcher first = ENFORCED_LINE.matcher(text.lines().findFirst().orElse(""));
    if (first.matches()) {
      enforced = new ContainerLimits.Enforced(Boolean.parseBoolean(first.group(1)), Boolean.parseBoolean(first.group(2)));
      text = text.substring(text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n') + 1);
    }
    text = text.lines().filter(l -> !l.startsWith("image ")).collect(java.util.stream.Collectors.joining("\n"));
    eachLine(text, LIMITS_LINE, "the containers' resource limits", problems,
        m -> out.put(m.group(1), new ContainerLimits(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)))));
    return new ContainerLimits.Report(enforced, out);
  }

  /**
   * The images side: which image each container runs and its registry digests (from the container-limits
   * section), the deploy-time record and the scan summaries. Null when Docker could not be asked; a
   * record or summary that cannot be read is a problem and is left out (a changed image is then not
   * judged against it, and the problem says why).
   */
  static ImageState images(Map<String, Section> sections, List<String> problems) {
    Section section = sections.get("container-limits");
    if (section == null || !Integer.valueOf(0).equals(section.exitCode())) {
      return null;
    }
    Map<String, String> byContainer = new HashMap<>();
    Map<String, List<String>> digests = new HashMap<>();
    for (String line : section.text().split("\n")) {
      Matcher limits = LIMITS_LINE.matcher(line);
      Matcher image = IMAGE_LINE.matcher(line);
      if (limits.matches() && limits.group(5) != null) {
        byContainer.put(limits.group(1), limits.group(5));
      } else if (image.matches()) {
        List<String> repoDigests = new ArrayList<>();
        try {
          JsonNode array = JSON.readTree(image.group(2));
          if (array != null && array.isArray()) {
            for (JsonNode d : array) {
              if (d.isTextual() && REPO_DIGEST.matcher(d.asText()).matches()) {
                repoDigests.add(d.asText());
              } else {
                problems.add("an image's registry digest could not be read: " + abbreviate(d.toString()));
              }
            }
          }
        } catch (java.io.IOException e) {
          problems.add("an image's registry digests could not be read: " + abbreviate(line));
        }
        digests.put(image.group(1), List.copyOf(repoDigests));
      }
    }
    ImageRecord record = ImageRecord.EMPTY;
    Section file = sections.get("image-record");
    if (file != null && Integer.valueOf(0).equals(file.exitCode())) {
      try {
        record = ImageRecord.parse(file.text());
      } catch (IllegalArgumentException e) {
        record = null;
        problems.add(ImageRecord.PATH + " could not be read: " + e.getMessage());
      }
    } else if (file == null || !Integer.valueOf(3).equals(file.exitCode())) {
      record = null;
      problems.add(ImageRecord.PATH + " could not be read");
    }
    Map<String, ScanSummary> scans = new HashMap<>();
    java.time.Instant database = null;
    Section scanText = sections.get("image-scans");
    if (scanText != null && Integer.valueOf(0).equals(scanText.exitCode())) {
      for (String line : scanText.text().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        Matcher db = SCAN_DB.matcher(line);
        if (db.matches()) {
          database = databaseUpdatedAt(db.group(1), problems);
          continue;
        }
        try {
          ScanSummary summary = ScanSummary.parse(line);
          scans.put(summary.service(), summary);
        } catch (IllegalArgumentException e) {
          problems.add("a scan summary in " + ScanSummary.DIRECTORY + " could not be read: " + abbreviate(line));
        }
      }
    } else {
      problems.add("the vulnerability scan summaries could not be read");
    }
    return new ImageState(byContainer, digests, record, scans, database);
  }

  /** UpdatedAt of Trivy's db/metadata.json ({"Version":2,"NextUpdate":...,"UpdatedAt":...,"DownloadedAt":...}). */
  private static java.time.Instant databaseUpdatedAt(String json, List<String> problems) {
    try {
      JsonNode node = JSON.readTree(json);
      JsonNode updated = node == null ? null : node.get("UpdatedAt");
      if (updated != null && updated.isTextual()) {
        return java.time.OffsetDateTime.parse(updated.asText()).toInstant();
      }
    } catch (java.io.IOException | java.time.DateTimeException e) {
      // reported below
    }
    problems.add("the age of Trivy's database (" + ObservationScript.TRIVY_CACHE + "/db/metadata.json) could not be read");
    return null;
  }

  /** Each non-blank line matched whole by the pattern goes to {@code read}; a line it does not match is a problem. */
  private static void eachLine(String text, Pattern pattern, String what, List<String> problems, java.util.function.Consumer<Matcher> read) {
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher m = pattern.matcher(line);
      if (m.matches()) {
        read.accept(m);
      } else {
        problems.add("a line of " + what + " could not be read: " + abbreviate(line));
      }
    }
  }

  /** A line of the docker-networks section: JSON strings for the labels, then true/false, then subnets. */
  private static final Pattern NETWORK_LINE = Pattern.compile("^(\"[^\"\\\\]{0,128}\") (\"[^\"\\\\]{0,128}\") (true|false)((?: [0-9a-fA-F.:/]{1,64}){0,8})$");

  static DockerNetworking docker(Map<String, Section> sections, List<String> problems) {
    Boolean hostIpv6 = null;
    Section ipv6 = sections.get("ipv6");
    if (ipv6 != null && Integer.valueOf(0).equals(ipv6.exitCode()) && ipv6.text().trim().matches("[01]")) {
      hostIpv6 = ipv6.text().trim().equals("0");
    } else if (ipv6 != null && ipv6.exitCode() != null && ipv6.exitCode() != 0) {
      hostIpv6 = false; // no /proc/sys/net/ipv6: the kernel has no IPv6 (ipv6.disable=1)
    } else if (ipv6 != null) {
      problems.add("the host's IPv6 setting could not be read");
    }
    DockerDaemonConfig daemon = null;
    Section file = sections.get("docker-daemon");
    if (file != null && Integer.valueOf(3).equals(file.exitCode())) {
      daemon = DockerDaemonConfig.ABSENT;
    } else if (file != null && Integer.valueOf(0).equals(file.exitCode())) {
      try {
        daemon = DockerDaemonConfig.parse(file.text());
      } catch (IllegalArgumentException e) {
        problems.add("/etc/docker/daemon.json could not be read: " + e.getMessage());
      }
    } else if (file != null) {
      problems.add("/etc/docker/daemon.json could not be read");
    }
    List<DockerNetworking.ObservedNetwork> networks = null;
    Section listed = sections.get("docker-networks");
    if (listed != null && Integer.valueOf(0).equals(listed.exitCode())) {
      List<DockerNetworking.ObservedNetwork> found = new ArrayList<>();
      eachLine(listed.text(), NETWORK_LINE, "the Docker networks", problems, m -> {
        List<String> subnets = m.group(4).isBlank() ? List.of() : List.of(m.group(4).trim().split(" "));
        found.add(new DockerNetworking.ObservedNetwork(unquote(m.group(1)), unquote(m.group(2)), Boolean.parseBoolean(m.group(3)), subnets));
      });
      networks = found;
    } else if (listed != null && sections.containsKey("containers") && Integer.valueOf(0).equals(sections.get("containers").exitCode())) {
      problems.add("Docker's networks could not be listed"); // only worth saying when Docker itself answers
    }
    return new DockerNetworking(hostIpv6, daemon, networks);
  }

  private static String unquote(String json) {
    return json.substring(1, json.length() - 1);
  }

  static Map<String, Section> sections(String output, String boundary, List<String> problems) {
    Map<String, Section> sections = new HashMap<>();
    String name = null;
    StringBuilder text = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(boundary + " BEGIN ")) {
        name = line.substring((boundary + " BEGIN ").length());
        text.setLength(0);
      } else if (name != null && line.startsWith(boundary + " END " + name + " ")) {
        // The script prints one newline before END (ending the output's last line, or an empty one).
        String body = text.length() > 0 ? text.substring(0, text.length() - 1) : "";
        Integer exit = parseInt(line.substring((boundary + " END " + name + " ").length()).trim());
        sections.put(name, new Section(body, exit));
        name = null;
      } else if (name != null) {
        text.append(line).append('\n');
      }
    }
    if (name != null) {
      problems.add("the host's answer ended inside section " + name);
    }
    for (String expected : ObservationScript.SECTIONS) {
      if (!sections.containsKey(expected) && !expected.equals(name)) {
        problems.add("the host's answer has no section " + expected);
      }
    }
    return sections;
  }

  private static String text(Map<String, Section> sections, String name) {
    Section section = sections.get(name);
    return section == null ? "" : section.text();
  }

  private static boolean succeeded(Map<String, Section> sections, String name) {
    Section section = sections.get(name);
    return section != null && Integer.valueOf(0).equals(section.exitCode());
  }

  static HostFacts facts(Map<String, Section> sections) {
    String os = null;
    for (String line : text(sections, "os").split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) {
        os = line.substring("PRETTY_NAME=".length()).replace("\"", "").trim();
      }
    }
    // A tool dpkg installed printed nothing: its version is the package's (see ObservationScript).
    Map<String, String> packaged = packageVersions(text(sections, "packages"));
    String composeCommand = null;
    String composeVersion = null;
    if (succeeded(sections, "compose-v2")) {
      composeCommand = "docker compose";
      composeVersion = firstKnown(firstLine(text(sections, "compose-v2")), packaged.get("docker-compose-plugin"), packaged.get("docker-compose-v2"));
    } else if (succeeded(sections, "compose-v1")) {
      composeCommand = "docker-compose";
      composeVersion = firstKnown(firstLine(text(sections, "compose-v1")), packaged.get("docker-compose"));
    }
    // Docker counts only when its daemon answers: the containers section asked it.
    String docker = succeeded(sections, "docker-version") && succeeded(sections, "containers")
        ? firstKnown(firstLine(text(sections, "docker-version")), packaged.get("docker-ce"), packaged.get("docker.io"), "unknown")
        : null;
    String ufw = null;
    if (succeeded(sections, "ufw-version")) {
      String ufwLine = firstLine(text(sections, "ufw-version"));
      ufw = ufwLine != null && ufwLine.startsWith("ufw ") ? ufwLine.substring(4).trim() : packaged.get("ufw");
    }
    return new HostFacts(os, docker, composeVersion, composeCommand, ufw);
  }

  /** A line of the packages section, "name want ok state [version]": dpkg's status is always three words. */
  private record DpkgLine(String name, String eflag, String state, String version) {

    static List<DpkgLine> read(String text) {
      List<DpkgLine> lines = new ArrayList<>();
      for (String line : text.split("\n")) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 4) {
          lines.add(new DpkgLine(words[0], words[2], words[3], words.length >= 5 ? words[4] : null));
        }
      }
      return lines;
    }
  }

  /**
   * Upstream versions of the packages dpkg has unpacked ("ufw install ok installed 0.36.2-1" gives
   * ufw 0.36.2): without the epoch and the Debian revision, as the tools print their own version.
   */
  static Map<String, String> packageVersions(String text) {
    Map<String, String> versions = new HashMap<>();
    for (DpkgLine line : DpkgLine.read(text)) {
      if (line.version() != null && !line.state().equals("not-installed") && !line.state().equals("config-files")) {
        String version = line.version().replaceFirst("^\\d+:", "");
        int revision = version.lastIndexOf('-');
        versions.put(line.name(), revision > 0 ? version.substring(0, revision) : version);
      }
    }
    return versions;
  }

  private static String firstKnown(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }

  static FirewallState firewall(Map<String, Section> sections, List<String> problems) {
    if (!sections.containsKey("ufw-loaded") || !succeeded(sections, "ufw-version")) {
      return new FirewallState(false, false, null, null, null, List.of());
    }
    if (!succeeded(sections, "ufw-loaded")) {
      problems.add("could not tell whether UFW's rules are loaded (iptables exit " + sections.get("ufw-loaded").exitCode() + ")");
    }
    boolean active = succeeded(sections, "ufw-loaded") && text(sections, "ufw-loaded").strip().equals("active");
    // Policies and logging as `ufw status verbose` prints them, from the files it reads them from
    // (/etc/default/ufw, then /etc/ufw/ufw.conf; a later line wins), parsed the way UFW parses them.
    String incoming = null;
    String outgoing = null;
    String logging = null;
    for (String line : text(sections, "ufw-config").split("\n")) {
      if (!UFW_SETTING.matcher(line).find()) {
        continue;
      }
      String[] parts = line.strip().split("=", -1);
      String value = parts[1].toLowerCase(Locale.ROOT).replaceAll("^[\"']+|[\"']+$", "");
      switch (parts[0].toUpperCase(Locale.ROOT)) {
        case "DEFAULT_INPUT_POLICY" -> incoming = policyName(value);
        case "DEFAULT_OUTPUT_POLICY" -> outgoing = policyName(value);
        case "LOGLEVEL" -> logging = value.equals("off") ? "off" : value.matches("low|medium|high|full") ? "on (" + value + ")" : null;
        default -> { }
      }
    }
    List<ObservedRule> rules = new ArrayList<>();
    for (String line : text(sections, "ufw-rules").split("\n")) {
      if (line.startsWith("### tuple ### ")) {
        ObservedRule rule = tuple(line.substring("### tuple ### ".length()));
        if (rule == null) {
          problems.add("unreadable UFW rule: " + abbreviate(line));
        } else {
          rules.add(rule);
        }
      }
    }
    return new FirewallState(true, active, incoming, outgoing, logging, rules);
  }

  /** A policy as `ufw status` names it: ACCEPT is allow, REJECT reject, DROP deny; null for what UFW refuses. */
  private static String policyName(String value) {
    return switch (value) {
      case "drop" -> "deny";
      case "accept" -> "allow";
      case "reject" -> "reject";
      default -> null;
    };
  }

  /** "allow udp 6969 0.0.0.0/0 any 0.0.0.0/0 in comment=HEX": action proto dport dst sport src direction. */
  static ObservedRule tuple(String tuple) {
    String[] words = tuple.trim().split("\\s+");
    if (words.length < 7) {
      return null;
    }
    Protocol protocol = switch (words[1]) {
      case "tcp" -> Protocol.TCP;
      case "udp" -> Protocol.UDP;
      default -> null;
    };
    Integer port = parseInt(words[2]);
    String comment = null;
    for (int i = 7; i < words.length; i++) {
      if (words[i].startsWith("comment=")) {
        comment = decodeHex(words[i].substring("comment=".length()));
      }
    }
    return new ObservedRule(words[0], protocol, port, words[3], words[5], words[6], comment);
  }

  static List<ListeningSocket> sockets(String text, List<String> problems) {
    List<ListeningSocket> sockets = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.trim().split("\\s+", 7);
      if (cols.length < 5 || !(cols[0].equals("tcp") || cols[0].equals("udp"))) {
        problems.add("unreadable socket line: " + abbreviate(line));
        continue;
      }
      String local = cols[4];
      int colon = local.lastIndexOf(':');
      Integer port = colon < 0 ? null : parseInt(local.substring(colon + 1));
      if (port == null) {
        problems.add("unreadable socket address: " + abbreviate(local));
        continue;
      }
      String address = unbracket(local.substring(0, colon));
      int zone = address.indexOf('%');
      if (zone >= 0) {
        address = address.substring(0, zone);
      }
      String process = null;
      Integer pid = null;
      if (cols.length == 7) {
        Matcher m = PROCESS.matcher(cols[6]);
        if (m.find()) {
          process = m.group(1);
          pid = parseInt(m.group(2));
        }
      }
      sockets.add(new ListeningSocket(cols[0].equals("tcp") ? Protocol.TCP : Protocol.UDP, address, port, process, pid));
    }
    return sockets;
  }

  static List<ContainerInfo> containers(String text, List<String> problems) {
    List<ContainerInfo> containers = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode json;
      try {
        json = JSON.readTree(line);
      } catch (Exception e) {
        problems.add("unreadable container line: " + abbreviate(line));
        continue;
      }
      if (json == null || !json.isObject()) {
        problems.add("unreadable container line: " + abbreviate(line));
        continue;
      }
      Map<String, String> labels;
      if (json.has("ps")) {
        // The script's form: docker ps's JSON, and the compose labels read one by one.
        labels = labels(json.path("ps").path("Labels").asText(""));
        labels.remove(ObservationScript.PROJECT_LABEL);
        labels.remove(ObservationScript.SERVICE_LABEL);
        putIfPresent(labels, ObservationScript.PROJECT_LABEL, json.path("project").asText(""));
        putIfPresent(labels, ObservationScript.SERVICE_LABEL, json.path("service").asText(""));
        json = json.path("ps");
      } else {
        labels = labels(json.path("Labels").asText(""));
      }
      String status = json.path("Status").asText("");
      String health = status.contains("(healthy)") ? "healthy"
          : status.contains("(unhealthy)") ? "unhealthy"
          : status.contains("(health: starting)") ? "starting" : null;
      containers.add(new ContainerInfo(
          json.path("Names").asText(""),
          json.path("Image").asText(""),
          json.path("State").asText(stateFromStatus(status)),
          health,
          ports(json.path("Ports").asText(""), problems),
          splitList(json.path("Networks").asText("")),
          labels));
    }
    return containers;
  }

  /** Docker 20.10 has a State field; older ones only the Status text. */
  private static String stateFromStatus(String status) {
    if (status.startsWith("Up")) {
      return status.contains("(Paused)") ? "paused" : "running";
    }
    if (status.startsWith("Exited")) {
      return "exited";
    }
    return status.toLowerCase(Locale.ROOT).split(" ")[0];
  }

  /**
   * "0.0.0.0:6969->6969/udp, [::]:6969->6969/udp, :::80->80/tcp, 0.0.0.0:8000-8002->8000-8002/tcp, 3306/tcp"
   * (unpublished ports are skipped; what cannot be read is a problem, which is a finding).
   */
  static List<PublishedPort> ports(String text, List<String> problems) {
    List<PublishedPort> ports = new ArrayList<>();
    for (String item : text.split(",")) {
      String mapping = item.trim();
      if (mapping.isEmpty() || !mapping.contains("->")) {
        continue;
      }
      Matcher m = PORT_MAPPING.matcher(mapping);
      Integer hostFirst = m.matches() ? parseInt(m.group(2)) : null;
      Integer hostLast = m.matches() ? (m.group(3) == null ? hostFirst : parseInt(m.group(3))) : null;
      Integer containerFirst = m.matches() ? parseInt(m.group(4)) : null;
      Integer containerLast = m.matches() ? (m.group(5) == null ? containerFirst : parseInt(m.group(5))) : null;
      if (hostFirst == null || hostLast == null || containerFirst == null || containerLast == null || hostLast < hostFirst
          || hostLast - hostFirst != containerLast - containerFirst || hostLast - hostFirst >= MAX_RANGE) {
        problems.add("unreadable published port: " + abbreviate(mapping));
        continue;
      }
      // "0.0.0.0:8000-8002->8000-8002/tcp" is one line of docker ps for three published ports.
      String address = unbracket(m.group(1));
      for (int offset = 0; offset <= hostLast - hostFirst; offset++) {
        ports.add(new PublishedPort(address.isEmpty() ? "0.0.0.0" : address, hostFirst + offset, containerFirst + offset,
            m.group(6).equals("udp") ? Protocol.UDP : Protocol.TCP));
      }
    }
    return ports;
  }

  /**
   * The files section: "missing\t\tPATH" for what is not there, "MODE UID GID\tTYPE\tPATH" from stat
   * for what is, and "HASH  PATH" from sha256sum for the regular files among them.
   */
  static Map<String, ObservedFile> files(String text, List<String> planned, List<String> problems) {
    Map<String, ObservedFile> files = new LinkedHashMap<>();
    Map<String, String> hashes = new HashMap<>();
    List<String[]> stats = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher hash = HASH_LINE.matcher(line);
      String[] cols = line.split("\t", 3);
      if (hash.matches() && planned.contains(hash.group(2))) {
        hashes.put(hash.group(2), hash.group(1));
      } else if (cols.length == 3 && planned.contains(cols[2]) && cols[0].equals("missing")) {
        files.put(cols[2], ObservedFile.missing(cols[2]));
      } else if (cols.length == 3 && planned.contains(cols[2])) {
        stats.add(cols);
      } else if (!line.isBlank()) {
        problems.add("unreadable file line: " + abbreviate(line));
      }
    }
    for (String[] cols : stats) {
      String path = cols[2];
      String[] stat = cols[0].split(" ");
      Integer mode = stat.length == 3 ? parseOctal(stat[0]) : null;
      Integer uid = stat.length == 3 ? parseInt(stat[1]) : null;
      Integer gid = stat.length == 3 ? parseInt(stat[2]) : null;
      boolean regular = cols[1].startsWith("regular");
      if (mode == null || uid == null || gid == null || (regular && !hashes.containsKey(path))) {
        problems.add("unreadable file line: " + abbreviate(String.join("\t", cols)));
        continue;
      }
      // A symlink, FIFO or device where a file is planned has no hash: it never equals a planned file.
      String sha256 = cols[1].equals("directory") ? ObservedFile.DIRECTORY : regular ? hashes.get(path) : null;
      files.put(path, new ObservedFile(path, true, mode, uid, gid, sha256));
    }
    return files;
  }

  /** Temporary files of interrupted writes, only in the planned files' directories and only by their name. */
  static List<String> leftovers(String text, List<String> plannedFiles) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      int slash = line.lastIndexOf('/');
      if (slash > 0 && line.substring(slash + 1).matches(Pattern.quote(ObservationScript.TEMPORARY_PREFIX) + "[A-Za-z0-9]{6,}")
          && plannedFiles.stream().anyMatch(p -> p.startsWith(line.substring(0, slash + 1)) && p.indexOf('/', slash + 1) < 0)) {
        out.add(line);
      }
    }
    return out;
  }

  /** "NAME install ok installed" lines of dpkg-query: the installed packages among those asked for. */
  static List<String> installed(String text) {
    return DpkgLine.read(text).stream().filter(l -> l.eflag().equals("ok") && l.state().equals("installed")).map(DpkgLine::name).toList();
  }

  /** The first word of SSH_CONNECTION: the address this connection comes from, if it reads as one. */
  static String clientAddress(String text) {
    String line = firstLine(text);
    return line != null && line.matches("[0-9a-fA-F:.]{2,45}") ? line : null;
  }

  /** sshd -T's answer; when it failed or names no port, nothing about sshd can be said: a problem, not "no findings". */
  static SshdSettings sshd(Section section, String matchBlocks, List<String> problems) {
    SshdSettings global = sshd(section == null ? "" : section.text());
    SshdSettings settings = new SshdSettings(global.ports(), global.passwordAuthentication(), global.permitRootLogin(),
        global.kbdInteractiveAuthentication(), global.usePam(), passwordMatches(matchBlocks, "yes".equals(global.usePam())));
    if (section != null && (!Integer.valueOf(0).equals(section.exitCode()) || settings.ports().isEmpty())) {
      problems.add("sshd's effective settings could not be read (sshd -T exit " + section.exitCode() + ")");
    }
    return settings;
  }

  static SshdSettings sshd(String text) {
    List<Integer> ports = new ArrayList<>();
    String password = null;
    String rootLogin = null;
    String kbdInteractive = null;
    String usePam = null;
    for (String line : text.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length != 2) {
        continue;
      }
      switch (words[0].toLowerCase(Locale.ROOT)) {
        case "port" -> {
          Integer port = parseInt(words[1]);
          if (port != null) {
            ports.add(port);
          }
        }
        case "passwordauthentication" -> password = words[1].toLowerCase(Locale.ROOT);
        case "permitrootlogin" -> rootLogin = words[1].toLowerCase(Locale.ROOT);
        case "kbdinteractiveauthentication" -> kbdInteractive = words[1].toLowerCase(Locale.ROOT);
        case "usepam" -> usePam = words[1].toLowerCase(Locale.ROOT);
        default -> { }
      }
    }
    return new SshdSettings(ports, password, rootLogin, kbdInteractive, usePam, List.of());
  }

  /**
   * The Match lines whose blocks let a password in: PasswordAuthentication yes, PermitRootLogin yes, or
   * keyboard-interactive (ChallengeResponseAuthentication, its old name) with PAM on.
   */
  static List<String> passwordMatches(String blocks, boolean usePam) {
    List<String> matches = new ArrayList<>();
    String current = null;
    boolean allows = false;
    for (String line : (blocks + "\nmatch end").split("\n")) {
      String[] words = line.trim().split("\\s+", 2);
      if (words.length < 2) {
        continue;
      }
      String key = words[0].toLowerCase(Locale.ROOT);
      String value = words[1].trim().toLowerCase(Locale.ROOT);
      if (key.equals("match")) {
        if (current != null && allows) {
          matches.add(abbreviate(current));
        }
        current = line.trim();
        allows = false;
      } else if (current != null && value.equals("yes") && (key.equals("passwordauthentication") || key.equals("permitrootlogin")
          || usePam && (key.equals("kbdinteractiveauthentication") || key.equals("challengeresponseauthentication")))) {
        allows = true;
      }
    }
    return matches;
  }

  private static List<String> splitList(String text) {
    List<String> out = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        out.add(item.trim());
      }
    }
    return out;
  }

  private static void putIfPresent(Map<String, String> labels, String key, String value) {
    if (!value.isEmpty()) {
      labels.put(key, value);
    }
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    for (String item : text.split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0) {
        labels.put(item.substring(0, eq).trim(), item.substring(eq + 1));
      }
    }
    return labels;
  }

  private static String unbracket(String address) {
    return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
  }

  private static String firstLine(String text) {
    String line = text.split("\n", 2)[0].trim();
    return line.isEmpty() ? null : line;
  }

  private static Integer parseInt(String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer parseOctal(String text) {
    try {
      return Integer.valueOf(text, 8);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String decodeHex(String hex) {
    try {
      return new String(java.util.HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Problems are shown to people: keep them short and printable. */
  private static String abbreviate(String text) {
    String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 120 ? printable.substring(0, 120) + "..." : printable;
  }
}
