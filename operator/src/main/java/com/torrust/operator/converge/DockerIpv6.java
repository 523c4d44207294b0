package com.torrust.operator.converge;

import com.torrust.operator.drift.Ipv6Drift;
import com.torrust.operator.host.ShellWords;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.render.PlannedFile;
import java.util.List;
import java.util.Map;

/**
 * Turns on Docker's IPv6 NAT for spec.host.ipv6: the settings the engine lacks are added to
 * /etc/docker/daemon.json (nothing else in it changes) and the engine restarts once. The engine is
 * shared with whatever else runs on the host, so the change is careful: the file must still be what
 * was read, the kernel must have IPv6 NAT, and an engine that does not come back within a minute gets
 * its old file back and is restarted again.
 */
final class DockerIpv6 {

  static final String DAEMON_JSON = "/etc/docker/daemon.json";
  /** How long the engine may take to answer again after its restart. */
  static final int ENGINE_WAIT_SECONDS = 60;

  private DockerIpv6() {}

  /** Adds the engine's action when IPv6 NAT is off; returns whether the engine restarts. */
  static boolean engine(HostPlan plan, Observation observed, List<Action> out, List<String> refusals) {
    if (!plan.ipv6()) {
      return false;
    }
    if (Boolean.FALSE.equals(observed.docker().hostIpv6())) {
      refusals.add("the host's kernel has IPv6 turned off, so the deployment's networks cannot have IPv6:"
          + " turn IPv6 on, or set spec.host.ipv6: false");
      return false;
    }
    Map<String, Boolean> missing = Ipv6Drift.missingDaemonSettings(observed);
    if (missing.isEmpty()) {
      return false;
    }
    out.add(new Action(Step.Services, "turn on Docker's IPv6 NAT (" + settingsText(missing) + " in " + DAEMON_JSON
        + ") and restart the Docker engine", script(observed.docker().daemon().text(), observed.docker().daemon().with(missing))));
    return true;
  }

  /** The engine's change as one script: guarded, atomic, verified, and undone when the engine does not come back. */
  static String script(String current, String next) {
    String f = ShellWords.quote(DAEMON_JSON);
    String unchanged = current == null
        ? "[ ! -e " + f + " ]"
        : "[ \"$(sha256sum < " + f + " | cut -c1-64)\" = " + sha256(current) + " ]";
    PlannedFile file = new PlannedFile(DAEMON_JSON, 0644, 0, 0, next, false);
    return String.join("\n",
        "{ " + unchanged + "; } || { echo '" + DAEMON_JSON + " changed since it was read: left alone, the next converge reads it again' >&2; exit 3; }",
        "ip6tables -t nat -S >/dev/null 2>&1 || { echo 'ip6tables cannot use the nat table (no IPv6 NAT in this kernel): Docker IPv6 NAT left off' >&2; exit 3; }",
        "engine() {",
        "  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then systemctl restart docker; else service docker restart; fi >/dev/null 2>&1",
        "  i=0; until docker info >/dev/null 2>&1; do i=$((i + 1)); [ \"$i\" -lt " + ENGINE_WAIT_SECONDS + " ] || return 1; sleep 1; done",
        "}",
        "mkdir -p /etc/docker && old=$(mktemp) && { [ ! -e " + f + " ] || cp -p " + f + " \"$old\"; }",
        ConvergePlanner.atomicWrite(file),
        "if ! engine; then",
        current == null ? "  rm -f " + f : "  cp -p \"$old\" " + f,
        "  engine || true; rm -f \"$old\"",
        "  echo 'the Docker engine did not come back with IPv6 NAT on: " + DAEMON_JSON + " restored' >&2; exit 4",
        "fi",
        "rm -f \"$old\"");
  }

  private static String settingsText(Map<String, Boolean> settings) {
    StringBuilder text = new StringBuilder();
    settings.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append('"').append(k).append("\": ").append(v));
    return text.toString();
  }

  static String sha256(String text) {
    return PlannedFile.sha256(text);
  }
}
