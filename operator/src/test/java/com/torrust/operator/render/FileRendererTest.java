package com.torrust.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Owners;
import com.torrust.operator.plan.Planner;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FileRendererTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final TomlMapper TOML = new TomlMapper();
  /** The seed's own example of a good password: '#' starts a comment and '$' a variable in .env. */
  private static final String SEED_PASSWORD = "7k#mP9$vL2@qX5nR8jW";

  private final FileRenderer renderer = new FileRenderer();

  static Stream<String> hostileValues() {
    return Stream.of(
        SEED_PASSWORD,
        "quote\" and 'single' and back\\slash",
        "new\nline: [injected]\nkey: value",
        "${HOME} $$ $(id) `id`",
        "# not a comment",
        "colon: value, - dash, {brace}, [bracket], &anchor *alias !tag |pipe >fold %percent @at",
        "unicode é ü 漢字 😀 \u2028 line separator \u0085 next line \u007f del",
        "tab\tcarriage\rreturn \u0001 control",
        "'''triple''' \"\"\"triple\"\"\"",
        "x".repeat(10_000));
  }

  private static DeploymentSecrets secrets(String token, String password) {
    return new DeploymentSecrets(token, password, "root-" + password, "admin-" + password, "grafana-" + password, "scrape-" + token);
  }

  private DesiredHostState render(TrackerDeployment deployment, DeploymentSecrets secrets) {
    return renderer.render(Planner.plan(deployment.getMetadata().getName(), deployment.getSpec()), deployment.getSpec(), secrets);
  }

  private static String content(DesiredHostState state, String pathSuffix) {
    return file(state, pathSuffix).content();
  }

  private static PlannedFile file(DesiredHostState state, String pathSuffix) {
    return state.files().stream().filter(f -> f.path().endsWith(pathSuffix)).findFirst().orElseThrow(() -> new AssertionError("no file " + pathSuffix));
  }

  @ParameterizedTest
  @MethodSource("hostileValues")
  void hostileSecretsReachEveryFileVerbatimAndChangeNoStructure(String hostile) throws Exception {
    DesiredHostState state = render(Specs.full(), secrets(hostile, hostile));

    JsonNode toml = TOML.readTree(content(state, "tracker.toml"));
    assertThat(toml.path("http_api").path("access_tokens").path("admin").asText()).isEqualTo(hostile);
    assertThat(toml.path("http_api").path("access_tokens").path("prometheus").asText()).isEqualTo("scrape-" + hostile);
    String dsn = toml.path("core").path("database").path("path").asText();
    assertThat(dsn).startsWith("mysql://torrust:").endsWith("@mysql:3306/torrust_tracker");
    String encodedPassword = dsn.substring("mysql://torrust:".length(), dsn.length() - "@mysql:3306/torrust_tracker".length());
    assertThat(encodedPassword).matches("[A-Za-z0-9%._~-]*");
    assertThat(URLDecoder.decode(encodedPassword.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(hostile);
    assertThat(toml.fieldNames()).toIterable().containsExactlyInAnyOrder("metadata", "logging", "core", "udp_trackers", "http_trackers", "http_api", "health_check_api");

    JsonNode prometheus = YAML.readTree(content(state, "prometheus/etc/prometheus.yml"));
    assertThat(prometheus.path("scrape_configs")).hasSize(2);
    for (JsonNode job : prometheus.path("scrape_configs")) {
      assertThat(job.path("params").path("token").get(0).asText()).isEqualTo("scrape-" + hostile);
      assertThat(job.path("params").fieldNames()).toIterable().containsExactly("token", "format");
    }

    assertThat(content(state, "secrets/mysql_password")).isEqualTo(hostile);
    assertThat(content(state, "secrets/grafana_admin_password")).isEqualTo("grafana-" + hostile);
    if (!hostile.contains("\u0000")) {
      assertThat(sourceInShell(content(state, "backup.conf"), "DB_PASSWORD")).isEqualTo(hostile);
    }
  }

  @Test
  void theSeedPasswordNeverGoesThroughDotEnv() {
    DesiredHostState state = render(Specs.full(), secrets(SEED_PASSWORD, SEED_PASSWORD));

    assertThat(content(state, ".env")).doesNotContain(SEED_PASSWORD).contains("COMPOSE_PROJECT_NAME=torrust");
    assertThat(content(state, "docker-compose.yml")).doesNotContain(SEED_PASSWORD);
  }

  @Test
  void secretsAppearOnlyInTheFilesThatHoldThemReadableOnlyByTheirReaders() {
    String token = "token-value-3f9a";
    String password = "password-value-77c1";
    DesiredHostState state = render(Specs.full(), secrets(token, password));

    Set<String> holding = state.files().stream()
        .filter(f -> f.content().contains(token) || f.content().contains(password) || f.content().contains("%70assword"))
        .map(f -> f.path().substring(f.path().lastIndexOf('/') + 1))
        .collect(Collectors.toSet());
    assertThat(holding).containsExactlyInAnyOrder(
        "tracker.toml", "prometheus.yml", "mysql_password", "mysql_root_password", "grafana_admin_user", "grafana_admin_password", "backup.conf");
    for (PlannedFile file : state.files()) {
      boolean hasSecret = file.content().contains(token) || file.content().contains(password);
      assertThat(file.holdsSecret()).as(file.path()).isEqualTo(hasSecret);
      if (hasSecret) {
        assertThat(file.mode() & 0007).as("%s: nothing for other users", file.path()).isZero();
        assertThat(file.mode() & 0020).as("%s: no group write", file.path()).isZero();
        if ((file.mode() & 0040) != 0) {
          assertThat(file.gid()).as("%s: group read only for the backup's user", file.path()).isEqualTo(Owners.BACKUP);
        }
      }
    }
  }

  @Test
  void theAdminTokenIsOnlyInTheTrackersOwnFile() {
    DesiredHostState state = render(Specs.full(), new DeploymentSecrets("admin-token-1", "p1", "r1", "u1", "g1", "scrape-token-1"));

    assertThat(state.files()).filteredOn(f -> f.content().contains("admin-token-1")).extracting(PlannedFile::path)
        .containsExactly("/opt/torrust/storage/tracker/etc/tracker.toml");
    assertThat(file(state, "tracker.toml")).extracting(PlannedFile::mode, PlannedFile::uid, PlannedFile::gid)
        .containsExactly(0600, Owners.TRACKER, Owners.TRACKER);
    assertThat(content(state, "prometheus/etc/prometheus.yml")).contains("scrape-token-1").doesNotContain("admin-token-1");
  }

  @Test
  void everyFileTheBackupArchivesIsReadableByItsUser() {
    DesiredHostState state = render(Specs.full(), secrets("t", "p"));

    List<String> archived = content(state, "backup-paths.txt").lines().filter(l -> l.startsWith("/data/")).toList();
    assertThat(archived).isNotEmpty();
    for (String path : archived) {
      String host = "/opt/torrust/" + path.substring("/data/".length());
      for (PlannedFile file : state.files()) {
        if (file.path().equals(host) || file.path().startsWith(host + "/")) {
          boolean readable = (file.uid() == Owners.BACKUP && (file.mode() & 0400) != 0)
              || (file.gid() == Owners.BACKUP && (file.mode() & 0040) != 0) || (file.mode() & 0004) != 0;
          assertThat(readable).as("%s %o %d:%d readable by uid %d", file.path(), file.mode(), file.uid(), file.gid(), Owners.BACKUP).isTrue();
        }
      }
    }
  }

  @Test
  void rotatingASecretChangesExactlyTheFilesThatHoldIt() {
    DesiredHostState before = render(Specs.full(), new DeploymentSecrets("t1", "p1", "r1", "u1", "g1", "s1"));

    assertThat(changedFiles(before, render(Specs.full(), new DeploymentSecrets("t2", "p1", "r1", "u1", "g1", "s1"))))
        .containsExactly("/opt/torrust/storage/tracker/etc/tracker.toml");
    assertThat(changedFiles(before, render(Specs.full(), new DeploymentSecrets("t1", "p1", "r1", "u1", "g1", "s2"))))
        .containsExactlyInAnyOrder("/opt/torrust/storage/tracker/etc/tracker.toml", "/opt/torrust/storage/prometheus/etc/prometheus.yml");
    assertThat(changedFiles(before, render(Specs.full(), new DeploymentSecrets("t1", "p2", "r1", "u1", "g1", "s1"))))
        .containsExactlyInAnyOrder("/opt/torrust/storage/tracker/etc/tracker.toml", "/opt/torrust/secrets/mysql_password",
            "/opt/torrust/storage/backup/etc/backup.conf");
    assertThat(changedFiles(before, render(Specs.full(), new DeploymentSecrets("t1", "p1", "r2", "u1", "g1", "s1"))))
        .containsExactly("/opt/torrust/secrets/mysql_root_password");
    assertThat(changedFiles(before, render(Specs.full(), new DeploymentSecrets("t1", "p1", "r1", "u1", "g2", "s1"))))
        .containsExactly("/opt/torrust/secrets/grafana_admin_password");
  }

  @Test
  void composeFileParsesAndMatchesThePlan() throws Exception {
    DesiredHostState state = render(Specs.full(), secrets("t", "p"));

    JsonNode compose = YAML.readTree(content(state, "docker-compose.yml"));
    assertThat(compose.path("services").fieldNames()).toIterable()
        .containsExactly("caddy", "tracker", "prometheus", "grafana", "mysql", "backup");
    assertThat(compose.path("services").path("mysql").has("ports")).isFalse();
    assertThat(compose.path("services").path("prometheus").path("ports").get(0).asText()).isEqualTo("127.0.0.1:9090:9090");
    assertThat(compose.path("services").path("tracker").path("networks")).extracting(JsonNode::asText)
        .containsExactly("database_network", "metrics_network", "proxy_network");
    assertThat(compose.path("services").path("grafana").path("networks")).extracting(JsonNode::asText)
        .containsExactly("visualization_network", "proxy_network");
    assertThat(compose.path("networks").fieldNames()).toIterable()
        .containsExactly("database_network", "metrics_network", "visualization_network", "proxy_network");
    assertThat(compose.path("services").path("mysql").path("healthcheck").path("retries").isInt()).isTrue();
  }

  @Test
  void minimalComposeHasNoNetworksSectionAndSqliteToml() throws Exception {
    DesiredHostState state = render(Specs.minimal(), secrets("t", null));

    JsonNode compose = YAML.readTree(content(state, "docker-compose.yml"));
    assertThat(compose.path("networks").fieldNames()).toIterable().containsExactly("default");
    assertThat(compose.path("networks").path("default").path("enable_ipv6").asBoolean()).isTrue();
    assertThat(compose.path("networks").path("default").path("ipam").path("config").get(0).path("subnet").asText())
        .isEqualTo("fd54:7472:6b72:1::/64");
    assertThat(compose.path("services").path("tracker").path("sysctls").path("net.ipv6.bindv6only").asText()).isEqualTo("1");
    assertThat(compose.path("services").fieldNames()).toIterable().containsExactly("tracker");
    assertThat(compose.path("services").path("tracker").path("ports")).extracting(JsonNode::asText)
        .containsExactly("6969:6969/udp", "7070:7070", "1212:1212");
    JsonNode toml = TOML.readTree(content(state, "tracker.toml"));
    assertThat(toml.path("core").path("database").path("driver").asText()).isEqualTo("sqlite3");
    assertThat(toml.path("core").path("database").path("path").asText()).isEqualTo("/var/lib/torrust/tracker/database/tracker.db");
    assertThat(toml.path("core").path("private").isBoolean()).isTrue();
    // Each family on its own socket: v3.0.0 answers by the socket's family.
    assertThat(toml.path("udp_trackers").findValuesAsText("bind_address")).containsExactly("0.0.0.0:6969", "[::]:6969");
    assertThat(toml.path("http_trackers").findValuesAsText("bind_address")).containsExactly("0.0.0.0:7070", "[::]:7070");
    assertThat(state.files()).extracting(PlannedFile::path)
        .containsExactlyInAnyOrder("/opt/torrust/.env", "/opt/torrust/docker-compose.yml", "/opt/torrust/storage/tracker/etc/tracker.toml",
            "/etc/apt/apt.conf.d/20auto-upgrades", "/etc/apt/apt.conf.d/52tracker-operator-upgrades");
  }

  @Test
  void withoutIpv6TheComposeFileHasNoNetworksAndTheTrackerListensOnIpv4() throws Exception {
    DesiredHostState state = render(Specs.minimal(spec -> spec.with("host").put("ipv6", false)), secrets("t", null));

    JsonNode compose = YAML.readTree(content(state, "docker-compose.yml"));
    assertThat(compose.has("networks")).isFalse();
    assertThat(compose.path("services").path("tracker").has("sysctls")).isFalse();
    JsonNode toml = TOML.readTree(content(state, "tracker.toml"));
    assertThat(toml.path("udp_trackers").findValuesAsText("bind_address")).containsExactly("0.0.0.0:6969");
  }

  @Test
  void caddyfileServesEachTlsDomainAndGrafanaDatasourceParses() throws Exception {
    DesiredHostState state = render(Specs.full(), secrets("t", "p"));

    assertThat(content(state, "Caddyfile"))
        .contains("email admin@example.com", "api.tracker.example.com {", "reverse_proxy tracker:1212",
            "http.tracker.example.com {", "reverse_proxy tracker:7070", "grafana.tracker.example.com {", "reverse_proxy grafana:3000")
        .doesNotContain("acme_ca");
    JsonNode datasource = YAML.readTree(content(state, "datasources/prometheus.yml"));
    assertThat(datasource.path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
    JsonNode dashboard = new ObjectMapper().readTree(content(state, "dashboards/torrust/stats.json"));
    assertThat(dashboard.path("panels").size()).isEqualTo(15);
  }

  @Test
  void cronEntryRunsTheBackupScriptOnTheSchedule() {
    DesiredHostState state = render(Specs.full(), secrets("t", "p"));

    assertThat(content(state, "/etc/cron.d/tracker-backup"))
        .contains("\n0 3 * * * root /opt/torrust/maintenance-backup.sh >> /var/log/tracker-backup.log 2>&1\n")
        .endsWith("\n");
    assertThat(file(state, "maintenance-backup.sh").mode()).isEqualTo(0750);
  }

  @Test
  void securityUpdatesAreOnWithARebootAt2ByDefaultAndCanBeTurnedOff() {
    DesiredHostState on = render(Specs.minimal(), secrets("t", null));
    DesiredHostState off = render(Specs.minimal(spec -> ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("host"))
        .putObject("securityUpdates").put("enabled", false)), secrets("t", null));

    assertThat(content(on, "20auto-upgrades")).contains("APT::Periodic::Unattended-Upgrade \"1\";", "APT::Periodic::Update-Package-Lists \"1\";");
    assertThat(content(on, "52tracker-operator-upgrades")).contains("Automatic-Reboot \"true\";", "Automatic-Reboot-Time \"02:00\";");
    assertThat(content(off, "20auto-upgrades")).contains("APT::Periodic::Unattended-Upgrade \"0\";");
    assertThat(content(off, "52tracker-operator-upgrades")).contains("Automatic-Reboot \"false\";");
  }

  @Test
  void theHashChangesWithAnyFileAndOnlyThen() {
    DesiredHostState a = render(Specs.full(), secrets("t", "p"));
    assertThat(render(Specs.full(), secrets("t", "p")).hash()).isEqualTo(a.hash());
    assertThat(render(Specs.full(), secrets("t2", "p")).hash()).isNotEqualTo(a.hash());
  }

  /**
   * Container users that are also common host accounts (65534 nobody, 999 often systemd-coredump, 472)
   * own secret files: each such file sits below a root-owned directory that neither others nor that
   * account's group may cross, so no host process running as that account can reach it. (uid 1000, the
   * tracker's and the backup's, is discussed in docs/host-state.md.)
   */
  @Test
  void secretFilesOfUidsThatAreAlsoHostAccountsSitBelowARootOnlyDirectory() {
    DesiredHostState state = render(Specs.full(), secrets("t", "p"));
    Map<String, com.torrust.operator.plan.PlannedDirectory> dirs = state.plan().directories().stream()
        .collect(Collectors.toMap(com.torrust.operator.plan.PlannedDirectory::path, d -> d));
    List<PlannedFile> exposed = state.files().stream().filter(PlannedFile::holdsSecret)
        .filter(f -> Set.of(65534, 999, 472).contains(f.uid()) || Set.of(65534, 999, 472).contains(f.gid()) && (f.mode() & 040) != 0).toList();
    assertThat(exposed).isNotEmpty();
    for (PlannedFile file : exposed) {
      boolean fenced = false;
      for (String dir = file.path().substring(0, file.path().lastIndexOf('/')); dir.contains("/"); dir = dir.substring(0, dir.lastIndexOf('/'))) {
        var planned = dirs.get(dir);
        fenced |= planned != null && planned.uid() == 0 && (planned.mode() & 01) == 0
            && ((planned.mode() & 010) == 0 || !Set.of(65534, 999, 472).contains(planned.gid()));
      }
      assertThat(fenced).as(file.path() + " is below a directory its owner's host account cannot cross").isTrue();
    }
  }

  @Test
  void theReportsHashCoversNoSecretSoNoGuessCanBeTestedAgainstIt() {
    DesiredHostState a = render(Specs.full(), secrets("t", "p"));
    DesiredHostState b = render(Specs.full(), secrets("t2", "p2"));
    assertThat(b.publicHash()).as("secrets alone do not change it").isEqualTo(a.publicHash());
    assertThat(PlanReport.json(b)).contains(b.publicHash()).doesNotContain(b.hash());
    assertThat(render(Specs.minimal(), secrets("t", "p")).publicHash()).as("the rest does").isNotEqualTo(a.publicHash());
  }

  @Test
  void aPlannedFileNeverPrintsItsContent() {
    PlannedFile file = file(render(Specs.full(), secrets("very-secret-token", "p")), "tracker.toml");
    assertThat(file.toString()).doesNotContain("very-secret-token").contains("tracker.toml");
  }

  private static List<String> changedFiles(DesiredHostState a, DesiredHostState b) {
    Map<String, String> before = a.files().stream().collect(Collectors.toMap(PlannedFile::path, PlannedFile::sha256));
    Set<String> changed = new HashSet<>();
    for (PlannedFile file : b.files()) {
      if (!file.sha256().equals(before.get(file.path()))) {
        changed.add(file.path());
      }
    }
    return List.copyOf(changed);
  }

  /** Sources the file in a real POSIX shell and prints one variable, as the backup container would read it. */
  private static String sourceInShell(String content, String variable) throws Exception {
    Path file = Files.createTempFile("backup", ".conf");
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      Process sh = new ProcessBuilder("/bin/sh", "-c", ". \"$1\" && printf '%s' \"$" + variable + "\"", "sh", file.toString())
          .redirectErrorStream(true).start();
      String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sh.exitValue()).as(out).isZero();
      return out;
    } finally {
      Files.delete(file);
    }
  }
}
