package com.torrust.operator.observe;

import com.torrust.operator.host.ShellWords;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The one remote command of a check: a POSIX sh script printing every section of host state between
 * boundary lines that carry a random nonce, so that no file or command output can forge a section.
 */
public final class ObservationScript {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Name prefix of the temporary files of an atomic write. */
  public static final String TEMPORARY_PREFIX = ".tracker-operator.";

  /** Packages whose presence the operator cares about. */
  public static final List<String> PACKAGES = List.of("ufw", "unattended-upgrades", "docker.io", "docker-ce", "docker-compose", "docker-compose-v2", "docker-compose-plugin");

  private ObservationScript() {}

  /** A fresh nonce for one check. */
  public static String nonce() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public static String boundary(String nonce) {
    return "==tracker-operator-" + nonce + "==";
  }

  /**
   * The script; {@code files} are the planned paths (files and directories) whose mode, owner and hash are read.
   *
   * <p>The sections run concurrently, each into its own file in a private temporary folder, and are
   * printed in order once all are done. Without a temporary folder the sections run one after another.
   */
  public static String build(String nonce, List<String> files) {
    StringBuilder script = new StringBuilder();
    script.append("export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
    script.append("b='").append(boundary(nonce)).append("'\n");
    // Each section: BEGIN line, the command's output, a newline, END line with its exit code.
    script.append("p() { printf '%s BEGIN %s\\n' \"$b\" \"$1\"; cat \"$d/$1\" 2>/dev/null; printf '\\n%s END %s %s\\n' \"$b\" \"$1\" \"$(cat \"$d/$1.rc\" 2>/dev/null)\"; }\n");
    script.append("if d=$(mktemp -d 2>/dev/null); then trap 'rm -rf \"$d\"' EXIT\n");
    script.append("  s() { n=$1; shift; { \"$@\" >\"$d/$n\" 2>/dev/null; echo $? >\"$d/$n.rc\"; } & }\n");
    script.append("else\n");
    script.append("  s() { n=$1; shift; printf '%s BEGIN %s\\n' \"$b\" \"$n\"; \"$@\" 2>/dev/null; r=$?; printf '\\n%s END %s %s\\n' \"$b\" \"$n\" \"$r\"; }\n");
    script.append("fi\n");
    // What `ufw status verbose` reports, without starting its Python (half of the check's CPU on the
    // host): UFW counts as active when its user chains are loaded (the test `ufw status` itself makes,
    // exit 1 of `iptables -L` meaning "not loaded"); policies, logging and rules it reads from the files
    // read below (ufw-config, ufw-rules).
    script.append("s ufw-loaded sh -c 'command -v iptables >/dev/null || exit 127;"
        + " for c in input output forward; do iptables -n -L ufw-user-$c >/dev/null 2>&1; r=$?;"
        + " [ $r -eq 1 ] && { echo inactive; exit 0; }; [ $r -eq 0 ] || exit $r; done;"
        + " if grep -Eqi \"^IPV6=\\\"?yes\" /etc/default/ufw && [ -e /proc/sys/net/ipv6 ]; then"
        + " for c in input output forward; do ip6tables -n -L ufw6-user-$c >/dev/null 2>&1 || { echo inactive; exit 0; }; done; fi;"
        + " echo active'\n");
    script.append("s os cat /etc/os-release\n");
    // Versions come from the package database (the packages section) when dpkg installed the tool:
    // each tool asked itself costs a process start on every check (Python for ufw and docker-compose
    // v1, about 0.4 s for the latter; the Go docker CLI for the rest). A tool dpkg does not know is asked.
    script.append("s ufw-version sh -c 'command -v ufw >/dev/null || exit 127; [ -e /var/lib/dpkg/info/ufw.list ] || ufw version'\n");
    script.append("s ufw-rules cat /etc/ufw/user.rules /etc/ufw/user6.rules\n");
    // The configured policies and log level, which `ufw status` does not print while UFW is inactive
    // and which `ufw enable` applies: a converge of a fresh host need not set what is already set.
    script.append("s ufw-config cat /etc/default/ufw /etc/ufw/ufw.conf\n");
    script.append("s sockets ss -H -tulpn\n");
    script.append("s containers docker ps -a --no-trunc --format '{{json .}}'\n");
    // Whether the daemon answers is the containers section's exit code; here only the version.
    script.append("s docker-version sh -c 'command -v docker >/dev/null || exit 127;"
        + " [ -e /var/lib/dpkg/info/docker.io.list ] || [ -e /var/lib/dpkg/info/docker-ce.list ] || exec docker version --format \"{{.Server.Version}}\"'\n");
    // Compose v2 is a docker CLI plugin: looked for where the CLI looks for it, so that a host with v1
    // only does not start the CLI to learn that v2 is missing. A plugin installed elsewhere (the
    // CLI's cliPluginsExtraDirs) is still found by asking the CLI when there is no v1 either.
    script.append("s compose-v2 sh -c 'for p in \"${DOCKER_CONFIG:-$HOME/.docker}\" /usr/local/lib/docker /usr/local/libexec/docker /usr/lib/docker /usr/libexec/docker;"
        + " do [ -x \"$p/cli-plugins/docker-compose\" ] && found=1; done;"
        + " if [ -z \"$found\" ]; then command -v docker-compose >/dev/null && exit 1;"
        + " elif [ -e /var/lib/dpkg/info/docker-compose-plugin.list ] || [ -e /var/lib/dpkg/info/docker-compose-v2.list ]; then exit 0; fi;"
        + " exec docker compose version --short'\n");
    script.append("s compose-v1 sh -c 'command -v docker-compose >/dev/null || exit 127; [ -e /var/lib/dpkg/info/docker-compose.list ] || docker-compose version --short'\n");
    script.append("s sshd sshd -T\n");
    script.append("s packages dpkg-query -W -f='${Package} ${Status} ${Version}\\n' " + String.join(" ", PACKAGES) + "\n");
    // Where this very SSH connection comes from (passed in by SshConnection, as sudo resets the
    // environment): a converge must keep this address allowed, or it would cut its own connection.
    script.append("s ssh-client sh -c 'printf \"%s\\\\n\" \"${TRACKER_OPERATOR_CLIENT:-${SSH_CONNECTION%% *}}\"'\n");
    script.append("f() { for p in \"$@\"; do if [ -d \"$p\" ]; then printf '%s\\tdir\\t%s\\n' \"$(stat -c '%a %u %g' \"$p\")\" \"$p\";"
        + " elif [ -e \"$p\" ]; then printf '%s\\t%s\\t%s\\n' \"$(stat -c '%a %u %g' \"$p\")\" "
        + "\"$(sha256sum < \"$p\" | cut -d' ' -f1)\" \"$p\"; else printf 'missing\\t\\t%s\\n' \"$p\"; fi; done; }\n");
    // Temporary files an interrupted atomic write left next to its target (see ConvergePlanner).
    script.append("s leftovers find");
    files.stream().map(ObservationScript::parent).distinct().sorted().forEach(d -> script.append(' ').append(ShellWords.quote(d)));
    script.append(" -maxdepth 1 -type f -name '" + TEMPORARY_PREFIX + "*'\n");
    script.append("s files f");
    for (String file : files) {
      script.append(' ').append(ShellWords.quote(file));
    }
    script.append('\n');
    script.append("if [ -n \"$d\" ]; then wait; for n in ").append(String.join(" ", SECTIONS)).append("; do p \"$n\"; done; fi\n");
    return script.toString();
  }

  /** Every section, in the order they are printed. */
  static final List<String> SECTIONS = List.of("os", "ufw-version", "ufw-loaded", "ufw-rules", "ufw-config", "sockets", "containers", "docker-version",
      "compose-v2", "compose-v1", "sshd", "packages", "ssh-client", "leftovers", "files");

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

}
