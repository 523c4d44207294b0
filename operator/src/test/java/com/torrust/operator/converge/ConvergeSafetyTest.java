package com.torrust.operator.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.drift.DriftEngineTest;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a converge must not do the simple way: MySQL and Grafana apply their passwords only to a new
 * database (a rotation is made in the running service first), and a container can swap its directories
 * for links (root never acts through one).
 */
class ConvergeSafetyTest {

  private static final TrackerDeployment FULL = Specs.full();
  private static final DeploymentSecrets BEFORE = new DeploymentSecrets("token", "user-pw", "root-pw", "admin", "grafana-pw", "scrape");

  private static DesiredHostState render(DeploymentSecrets secrets) {
    return new FileRenderer().render(Planner.plan("production", FULL.getSpec()), FULL.getSpec(), secrets);
  }

  /** A host converged with BEFORE, planned with {@code after}. */
  private static ConvergePlan rotate(DeploymentSecrets after, Observation host) {
    return ConvergePlanner.plan(render(after), host, List.of());
  }

  private static Observation converged() {
    return DriftEngineTest.converged(render(BEFORE));
  }

  private static Observation without(Observation o, String service) {
    List<ContainerInfo> containers = o.containers().stream().filter(c -> !service.equals(c.composeService())).toList();
    return new Observation(o.facts(), o.firewall(), o.sockets(), containers, o.files(), o.sshd(), o.clientAddress(), o.installedPackages(),
        o.leftovers(), o.problems());
  }

  /** The SQL an action sends, decoded from the script (it never carries a password in clear). */
  private static String sql(Action action) {
    Matcher m = Pattern.compile("printf %s '([A-Za-z0-9+/=]+)' \\| base64 -d; }").matcher(action.script());
    assertThat(m.find()).as(action.script()).isTrue();
    return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
  }

  private static List<String> written(ConvergePlan plan) {
    return plan.actions(Step.Files).stream().map(Action::description).filter(d -> d.startsWith("write ")).map(d -> d.split(" ")[1]).toList();
  }

  @Test
  void aNewMysqlUserPasswordIsSetInTheRunningServerBeforeAnyFileCarriesIt() {
    ConvergePlan plan = rotate(new DeploymentSecrets("token", "new'pw\\x", "root-pw", "admin", "grafana-pw", "scrape"), converged());

    assertThat(plan.actions(Step.Credentials)).singleElement().satisfies(action -> {
      assertThat(action.description()).isEqualTo("change the MySQL password of user torrust in the running server");
      assertThat(sql(action)).isEqualTo("ALTER USER 'torrust'@'%' IDENTIFIED BY 'new''pw\\\\x';\n");
      assertThat(action.script()).doesNotContain("new'pw").contains("docker exec -i \"$c\"", "c='torrust_mysql_1'");
    });
    assertThat(written(plan)).containsExactlyInAnyOrder("/opt/torrust/secrets/mysql_password", "/opt/torrust/storage/tracker/etc/tracker.toml",
        "/opt/torrust/storage/backup/etc/backup.conf");
    assertThat(plan.actions(Step.Services)).extracting(Action::description).containsExactly("restart tracker (their files changed)");
    assertThat(plan.refusals()).isEmpty();
  }

  @Test
  void aNewRootPasswordLogsInWithTheHostsOldOneOrAlreadyTheNewOne() {
    ConvergePlan plan = rotate(new DeploymentSecrets("token", "user-pw", "root-new", "admin", "grafana-pw", "scrape"), converged());

    Action action = plan.actions(Step.Credentials).get(0);
    assertThat(sql(action)).isEqualTo("ALTER USER 'root'@'localhost' IDENTIFIED BY 'root-new';\nALTER USER IF EXISTS 'root'@'%' IDENTIFIED BY 'root-new';\n");
    assertThat(action.script()).contains("for login in \"$(base64 -w0 < '/opt/torrust/secrets/mysql_root_password')\" '"
        + Base64.getEncoder().encodeToString("root-new".getBytes(StandardCharsets.UTF_8)) + "'");
    assertThat(written(plan)).containsExactly("/opt/torrust/secrets/mysql_root_password");
    assertThat(plan.actions(Step.Services)).as("MySQL reads its password files only when it creates its database").isEmpty();
  }

  @Test
  void withMysqlStoppedNothingCarriesTheNewPasswordAndTheReasonIsGiven() {
    ConvergePlan plan = rotate(new DeploymentSecrets("token-2", "new-pw", "root-pw", "admin", "grafana-pw", "scrape"), without(converged(), "mysql"));

    assertThat(plan.actions(Step.Credentials)).isEmpty();
    assertThat(plan.refusals()).singleElement().asString().contains("MySQL is not running", "old passwords stay in force");
    assertThat(written(plan)).doesNotContain("/opt/torrust/secrets/mysql_password", "/opt/torrust/storage/tracker/etc/tracker.toml",
        "/opt/torrust/storage/backup/etc/backup.conf");
  }

  @Test
  void aFirstDeploymentSetsNoPasswordInAServer() {
    Observation fresh = converged();
    fresh = new Observation(fresh.facts(), fresh.firewall(), fresh.sockets(), List.of(), java.util.Map.of(), fresh.sshd(), fresh.clientAddress(),
        fresh.installedPackages(), fresh.leftovers(), fresh.problems());

    ConvergePlan plan = rotate(BEFORE, fresh);

    assertThat(plan.actions(Step.Credentials)).isEmpty();
    assertThat(plan.refusals()).isEmpty();
  }

  @Test
  void aNewGrafanaPasswordIsResetInTheRunningGrafanaAndANewUserNameIsReported() {
    ConvergePlan plan = rotate(new DeploymentSecrets("token", "user-pw", "root-pw", "admin2", "grafana-new", "scrape"), converged());

    assertThat(plan.actions(Step.Credentials)).singleElement().satisfies(action -> {
      assertThat(action.description()).isEqualTo("reset the Grafana admin password in the running server");
      assertThat(action.script()).contains("docker exec -i 'torrust_grafana_1' grafana cli --homepath /usr/share/grafana admin"
          + " reset-admin-password --password-from-stdin").doesNotContain("grafana-new");
    });
    assertThat(plan.refusals()).singleElement().asString().contains("Grafana admin user name changed", "rename it in Grafana");
    assertThat(plan.actions(Step.Services)).isEmpty();
  }

  @Test
  void mysqlLiteralsEscapeWhatMysqlReadsSpecially() {
    assertThat(CredentialRotation.literal("a'b\\c\nd\r\0\u001ae")).isEqualTo("'a''b\\\\c\\nd\\r\\0\\Ze'");
  }

  @Test
  void rootNeverActsThroughALinkWhereADirectoryIsPlanned() {
    Observation host = converged();
    String database = "/opt/torrust/storage/tracker/lib/database";
    java.util.Map<String, com.torrust.operator.observe.ObservedFile> files = new java.util.HashMap<>(host.files());
    // What stat shows for a symbolic link a container put there: mode 777, no hash.
    files.put(database, new com.torrust.operator.observe.ObservedFile(database, true, 0777, 1000, 1000, null));
    Observation swapped = new Observation(host.facts(), host.firewall(), host.sockets(), host.containers(), files, host.sshd(), host.clientAddress(),
        host.installedPackages(), host.leftovers(), host.problems());

    ConvergePlan plan = ConvergePlanner.plan(render(BEFORE), swapped, List.of());

    assertThat(plan.actions()).noneMatch(a -> a.script().contains(database));
    assertThat(plan.refusals()).singleElement().asString().contains(database, "not a directory", "never acts through");
    assertThat(com.torrust.operator.drift.DriftEngine.findings(render(BEFORE), swapped, List.of()))
        .anySatisfy(f -> assertThat(f.message()).contains(database, "not a directory"));
  }

  @Test
  void aServicesDirectoryIsCreatedAndSetWithoutFollowingLinks() {
    var dir = new com.torrust.operator.plan.PlannedDirectory("/opt/torrust/storage/tracker/lib/database", 02770, 1000, 1000);

    assertThat(ConvergePlanner.createDirectory(dir)).isEqualTo("mkdir -m 0700 '/opt/torrust/storage/tracker/lib/database'"
        + " && chown -h 1000:1000 '/opt/torrust/storage/tracker/lib/database'"
        + " && setpriv --reuid=1000 --regid=1000 --clear-groups chmod 2770 '/opt/torrust/storage/tracker/lib/database'");
    assertThat(ConvergePlanner.setDirectory(dir)).startsWith("chown -h 1000:1000 ").doesNotContain("install");
  }

  @Test
  void onlyRulesInTheFormsUfwWritesAreDeletedTheirWordsQuoted() {
    var ordinary = new com.torrust.operator.observe.ObservedRule("allow", com.torrust.operator.api.Protocol.TCP, 8080, "0.0.0.0/0", "10.0.0.0/8", "in", null);
    var hostile = new com.torrust.operator.observe.ObservedRule("allow;touch /pwned", com.torrust.operator.api.Protocol.TCP, 8080, "0.0.0.0/0",
        "$(reboot)", "in", null);

    assertThat(ConvergePlanner.deletable(ordinary)).isTrue();
    assertThat(ConvergePlanner.deletion(ordinary)).isEqualTo("ufw delete allow proto tcp from '10.0.0.0/8' to '0.0.0.0/0' port 8080 >/dev/null");
    assertThat(ConvergePlanner.deletable(hostile)).isFalse();
  }
}
