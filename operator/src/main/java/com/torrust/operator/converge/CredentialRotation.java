package com.torrust.operator.converge;

import com.torrust.operator.host.ShellWords;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ObservedFile;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.DeployLayout;
import com.torrust.operator.plan.SecretFiles;
import com.torrust.operator.plan.Services;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Passwords the images apply only when their data is first created (MySQL's user and root passwords,
 * Grafana's admin password). Changing the Secret changes nothing in the running database, so a new
 * value is set inside the running service first, and only then written to the files that carry it
 * (the tracker's DSN, the backup's configuration, the services' secret files). When that cannot be
 * done, the files stay as they are, so the old password keeps working, and the reason is a refusal.
 * Pure.
 */
final class CredentialRotation {

  /**
   * @param heldBack planned files not to write in this converge: they carry a password the running
   *     service does not have yet
   */
  record Plan(List<Action> actions, List<String> refusals, Set<String> heldBack) {}

  private CredentialRotation() {}

  static Plan plan(DesiredHostState desired, Observation observed) {
    List<Action> actions = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Set<String> heldBack = new LinkedHashSet<>();
    mysql(desired, observed, actions, refusals, heldBack);
    grafana(desired, observed, actions, refusals, heldBack);
    return new Plan(actions, refusals, heldBack);
  }

  private static void mysql(DesiredHostState desired, Observation observed, List<Action> actions, List<String> refusals, Set<String> heldBack) {
    DeployLayout layout = desired.plan().layout();
    Optional<PlannedFile> user = planned(desired, layout.path(SecretFiles.relative(SecretFiles.MYSQL_PASSWORD)));
    Optional<PlannedFile> root = planned(desired, layout.path(SecretFiles.relative(SecretFiles.MYSQL_ROOT_PASSWORD)));
    if (user.isEmpty() || root.isEmpty()) {
      return;
    }
    boolean userChanged = changedOnHost(user.get(), observed);
    boolean rootChanged = changedOnHost(root.get(), observed);
    if (!userChanged && !rootChanged) {
      return;
    }
    String userName = desired.plan().services().stream().filter(s -> s.name().equals(Services.MYSQL)).findFirst()
        .map(ComposeService::environment).map(env -> env.get("MYSQL_USER")).orElseThrow();
    Optional<ContainerInfo> server = running(observed, Services.MYSQL);
    if (server.isEmpty()) {
      refusals.add("MySQL's " + (userChanged ? "user" : "root") + " password changed, but MySQL is not running: MySQL applies its"
          + " password variables only to a new database, so the change must be made in the running server; the old passwords"
          + " stay in force until MySQL runs again");
      heldBack.add(user.get().path());
      heldBack.add(root.get().path());
      heldBack.add(layout.path("storage/tracker/etc/tracker.toml"));
      heldBack.add(layout.path("storage/backup/etc/backup.conf"));
      return;
    }
    StringBuilder sql = new StringBuilder();
    if (userChanged) {
      sql.append("ALTER USER ").append(literal(userName)).append("@'%' IDENTIFIED BY ").append(literal(user.get().content())).append(";\n");
    }
    if (rootChanged) {
      sql.append("ALTER USER 'root'@'localhost' IDENTIFIED BY ").append(literal(root.get().content())).append(";\n");
      sql.append("ALTER USER IF EXISTS 'root'@'%' IDENTIFIED BY ").append(literal(root.get().content())).append(";\n");
    }
    // Logs in as root with the root password the host has, or, after a converge that changed it but
    // was cut off before writing its file, with the new one; either way the statements set the same values.
    List<String> logins = new ArrayList<>(List.of("\"$(base64 -w0 < " + quote(root.get().path()) + ")\""));
    if (rootChanged) {
      logins.add(quote(base64(root.get().content())));
    }
    String script = "c=" + quote(server.get().name()) + "; ok=; out=\n"
        + "for login in " + String.join(" ", logins) + "; do\n"
        + "  if out=$({ printf '%s\\n' \"$login\"; printf %s " + quote(base64(sql.toString())) + " | base64 -d; }"
        + " | docker exec -i \"$c\" sh -c 'IFS= read -r p; MYSQL_PWD=$(printf %s \"$p\" | base64 -d) exec mysql --user=root' 2>&1); then ok=1; break; fi\n"
        + "done\n"
        // Only the error code: MySQL's messages may quote the statement, and with it the password.
        + "[ -n \"$ok\" ] || { echo \"MySQL refused the password change ($(printf '%s\\n' \"$out\""
        + " | sed -n 's/^\\(ERROR [0-9]*\\) .*/\\1/p' | head -n 1)); the old passwords stay in force\" >&2; exit 1; }";
    String who = userChanged && rootChanged ? "user " + userName + " and root" : userChanged ? "user " + userName : "root";
    actions.add(new Action(Step.Credentials, "change the MySQL password of " + who + " in the running server", script));
  }

  private static void grafana(DesiredHostState desired, Observation observed, List<Action> actions, List<String> refusals, Set<String> heldBack) {
    DeployLayout layout = desired.plan().layout();
    Optional<PlannedFile> password = planned(desired, layout.path(SecretFiles.relative(SecretFiles.GRAFANA_ADMIN_PASSWORD)));
    Optional<PlannedFile> user = planned(desired, layout.path(SecretFiles.relative(SecretFiles.GRAFANA_ADMIN_USER)));
    if (user.isPresent() && changedOnHost(user.get(), observed)) {
      refusals.add("the Grafana admin user name changed: Grafana applies it only when its database is created, so the existing admin"
          + " keeps its name; rename it in Grafana");
    }
    if (password.isEmpty() || !changedOnHost(password.get(), observed)) {
      return;
    }
    Optional<ContainerInfo> server = running(observed, Services.GRAFANA);
    if (server.isEmpty()) {
      refusals.add("the Grafana admin password changed, but Grafana is not running: it applies the password only when its database"
          + " is created, so the change must be made in the running Grafana; the old password stays in force until it runs again");
      heldBack.add(password.get().path());
      return;
    }
    actions.add(new Action(Step.Credentials, "reset the Grafana admin password in the running server",
        "printf %s " + quote(base64(password.get().content())) + " | base64 -d | docker exec -i " + quote(server.get().name())
            + " grafana cli --homepath /usr/share/grafana admin reset-admin-password --password-from-stdin >/dev/null"));
  }

  private static Optional<PlannedFile> planned(DesiredHostState desired, String path) {
    return desired.files().stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** The host has the file (the service was set up with it) and it holds another value. */
  private static boolean changedOnHost(PlannedFile file, Observation observed) {
    ObservedFile seen = observed.files().get(file.path());
    return seen != null && seen.exists() && seen.sha256() != null && !file.sha256().equals(seen.sha256());
  }

  private static Optional<ContainerInfo> running(Observation observed, String service) {
    return observed.containersOf(FileRenderer.COMPOSE_PROJECT, service).stream().filter(ContainerInfo::running).findFirst();
  }

  /** A MySQL string literal (default sql_mode: backslash escapes on). */
  static String literal(String value) {
    StringBuilder out = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\'' -> out.append("''");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\0' -> out.append("\\0");
        case '\u001a' -> out.append("\\Z");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String value) {
    return ShellWords.quote(value);
  }
}
