package com.torrust.operator.observe;

import com.torrust.operator.host.ShellWords;
import com.torrust.operator.host.SshConnection;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The one remote command of a check: a POSIX sh script printing every section of host state between
 * boundary lines that carry a random nonce, so that no file or command output can forge a section.
 */
public final class ObservationScript {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The owner marker: which TrackerDeployment ("namespace/name") converges the host. Written by the
   * first converge (converge.HostClaim); read by every check, so that a steady reconcile needs no
   * second command to know the host is still its own.
   */
  public static final String OWNER_MARKER = "/var/lib/tracker-operator/owner";
  /** An owner is "namespace/name": both DNS labels or subdomains, so at most 253 + 1 + 253 characters. */
  public static final int MAX_OWNER = 507;

  /**
   * A shell function printing what the owner marker says: "owner NAME", "none", or "odd WHY" (a link,
   * not a regular file). Shared by the check and the claim, so both read the marker alike.
   */
  public static final String OWNER_MARKER_FUNCTION = """
      owner_marker() {
        if [ -L @DIR@ ] || [ -L @MARKER@ ]; then echo 'odd a symbolic link'; return 0; fi
        if [ -e @MARKER@ ] && [ ! -f @MARKER@ ]; then echo 'odd not a regular file'; return 0; fi
        if [ ! -e @MARKER@ ]; then echo none; return 0; fi
        printf 'owner '; head -c @MAX@ @MARKER@ | head -n 1
      }
      """.replace("@DIR@", OWNER_MARKER.substring(0, OWNER_MARKER.lastIndexOf('/'))).replace("@MARKER@", OWNER_MARKER)
      .replace("@MAX@", Integer.toString(MAX_OWNER + 1));

  /** Name prefix of the temporary files of an atomic write. */
  public static final String TEMPORARY_PREFIX = ".tracker-operator.";

  /** Packages whose presence the operator cares about. */
  public static final List<String> PACKAGES = List.of("ufw", "unattended-upgrades", "docker.io", "docker-ce", "docker-compose", "docker-compose-v2", "docker-compose-plugin");

  /**
   * Listening sockets with their owners: a second command, only when one may have to be reported
   * (see {@link ListenerOwners}); the check itself runs {@code ss} without {@code -p}.
   */
  public static final String NAMED_SOCKETS = SshConnection.SCRIPT_ENVIRONMENT + "ss -H -tulpn\n";

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
   * The functions behind the sections. Every section is one shell function or one command: the
   * host's CPU per check is mostly process starts (on a busy host, or hundreds of resources, that
   * is what a resync costs), so nothing forks that a shell builtin can do, and the versions of tools
   * dpkg installed come from one dpkg-query instead of starting each tool (see {@link #build}).
   * Functions return, never exit: a section runs in a subshell that still has to print its END line.
   */
  private static final String FUNCTIONS_TEMPLATE = """
      # A section: BEGIN line, the command's output, a newline, END line with its exit code.
      o() { n=$1; shift; printf '%s BEGIN %s\\n' "$b" "$n"; "$@" 2>/dev/null; r=$?; printf '\\n%s END %s %s\\n' "$b" "$n" "$r"; }
      # Concurrently, each into its own file of a private temporary folder, printed in order at the end;
      # without a temporary folder, one after another.
      if d=$(mktemp -d 2>/dev/null); then trap 'rm -rf "$d"' EXIT; s() { o "$@" >"$d/$1" & }; else s() { o "$@"; }; fi
      # What `ufw status verbose` reports, without starting its Python: UFW is active when its user
      # chains are loaded (the test `ufw status` makes); policies, logging and rules it reads from the
      # files of the ufw-config and ufw-rules sections.
      loaded() {
        for c in input output forward; do case "$1" in *"$nl-N $2-$c$nl"*) ;; *) return 1 ;; esac; done
      }
      ufw_loaded() {
        command -v iptables >/dev/null || return 127
        nl='
      '
        v4=$(iptables -S 2>/dev/null) || return
        loaded "$nl$v4$nl" ufw-user || { echo inactive; return 0; }
        if grep -Eqi '^IPV6="?yes' /etc/default/ufw && [ -e /proc/sys/net/ipv6 ]; then
          v6=$(ip6tables -S 2>/dev/null) && loaded "$nl$v6$nl" ufw6-user || { echo inactive; return 0; }
        fi
        echo active
      }
      # Versions: a tool dpkg installed prints nothing (its version is the package's, in the packages
      # section); a tool dpkg does not know is asked.
      ufw_version() { command -v ufw >/dev/null || return 127; [ -e /var/lib/dpkg/info/ufw.list ] || ufw version; }
      docker_version() {
        command -v docker >/dev/null || return 127
        [ -e /var/lib/dpkg/info/docker.io.list ] || [ -e /var/lib/dpkg/info/docker-ce.list ] || docker version --format '{{.Server.Version}}'
      }
      # Compose v2 is a docker CLI plugin, looked for where the CLI looks, so that a host with only v1
      # does not start the CLI to learn that v2 is missing. A plugin elsewhere (the CLI's
      # cliPluginsExtraDirs) is still found by asking the CLI when there is no v1 either.
      compose_v2() {
        found=
        for p in "${DOCKER_CONFIG:-$HOME/.docker}" /usr/local/lib/docker /usr/local/libexec/docker /usr/lib/docker /usr/libexec/docker; do
          [ -x "$p/cli-plugins/docker-compose" ] && found=1
        done
        if [ -z "$found" ]; then command -v docker-compose >/dev/null && return 1
        elif [ -e /var/lib/dpkg/info/docker-compose-plugin.list ] || [ -e /var/lib/dpkg/info/docker-compose-v2.list ]; then return 0; fi
        docker compose version --short
      }
      compose_v1() { command -v docker-compose >/dev/null || return 127; [ -e /var/lib/dpkg/info/docker-compose.list ] || docker-compose version --short; }
      # Where this very SSH connection comes from (passed in by SshConnection, as sudo resets the
      # environment): a converge must keep this address allowed, or it would cut its own connection.
      ssh_client() { printf '%s\\n' "${TRACKER_OPERATOR_CLIENT:-${SSH_CONNECTION%% *}}"; }
      # Every Match block of sshd's configuration files (the main one and its drop-in folder), as written.
      sshd_match() { for f in /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf; do [ -r "$f" ] && awk 'tolower($1) == "match" { m = 1 } m && NF && $1 !~ /^#/ { print }' "$f"; done; return 0; }
      # Docker's daemon.json, at most one byte more than the parser reads (exit 3: no such file).
      docker_daemon() { [ -e /etc/docker/daemon.json ] || return 3; head -c @MAX@ /etc/docker/daemon.json; }
      # Networks of compose projects: project, network, IPv6 on or off, subnets (nothing when there is none).
      docker_networks() {
        ids=$(docker network ls -q --filter label=com.docker.compose.project) || return
        [ -n "$ids" ] || return 0
        docker network inspect --format '{{json (index .Labels "com.docker.compose.project")}} {{json (index .Labels "com.docker.compose.network")}} {{.EnableIPv6}}{{range .IPAM.Config}} {{.Subnet}}{{end}}' $ids
      }
      # The limits and image of every compose project's container (name, memory, memory+swap, nano-CPUs,
      # image ID), after whether the kernel lets Docker enforce memory and swap limits (without, Docker
      # drops them); then the registry digests of those images (one line each, none for a local image).
      container_limits() {
        ids=$(docker ps -aq --filter label=com.docker.compose.project) || return
        [ -n "$ids" ] || return 0
        docker info --format 'enforced {{.MemoryLimit}} {{.SwapLimit}}' || return
        c=$(docker inspect --format '{{json .Name}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.Image}}' $ids) || return
        printf '%s\n' "$c"
        imgs=
        for w in $c; do case $w in sha256:*) case " $imgs " in *" $w "*) ;; *) imgs="$imgs $w" ;; esac ;; esac; done
        # An image removed under a running container has no record left: its line is missing, not an error.
        [ -z "$imgs" ] || docker image inspect --format 'image {{.Id}} {{json .RepoDigests}}' $imgs
        return 0
      }
      # The deploy-time image record (exit 3: none yet), at most one byte more than the parser reads.
      image_record() { [ -e @RECORD@ ] || return 3; head -c @RECORD_MAX@ @RECORD@; }
      # The scan summaries (one line each) and the age of Trivy's cached database.
      image_scans() {
        for f in @SCANS@/*.summary; do [ -f "$f" ] && head -c 512 "$f"; done
        [ -f @CACHE@/db/metadata.json ] && { printf 'db '; head -c 2048 @CACHE@/db/metadata.json; echo; }
        return 0
      }
      # Temporary files (name prefix $1) an interrupted atomic write left next to its target (see ConvergePlanner).
      leftovers() { t=$1; shift; [ $# -gt 0 ] || return 0; find "$@" -maxdepth 1 -type f -name "$t*"; }
      # Mode, owner and type of every planned path in one stat, hashes of the regular files in one
      # sha256sum (only regular files: reading a FIFO put there would never end).
      files() {
        [ $# -gt 0 ] || return 0
        for p in "$@"; do [ -e "$p" ] || [ -L "$p" ] || printf 'missing\\t\\t%s\\n' "$p"; done
        stat --printf '%a %u %g\\t%F\\t%n\\n' -- "$@" 2>/dev/null
        find "$@" -maxdepth 0 -type f -exec sha256sum -- {} + 2>/dev/null
        return 0
      }
      """;

  /** Trivy's cache on the host: its database is downloaded once and refreshed by Trivy itself. */
  public static final String TRIVY_CACHE = "/var/lib/tracker-operator/trivy-cache";

  private static final String FUNCTIONS = OWNER_MARKER_FUNCTION + FUNCTIONS_TEMPLATE.replace("@MAX@", Integer.toString(DockerDaemonConfig.MAX_BYTES + 1))
      .replace("@RECORD@", ImageRecord.PATH).replace("@RECORD_MAX@", Integer.toString(ImageRecord.MAX_BYTES + 1))
      .replace("@SCANS@", ScanSummary.DIRECTORY).replace("@CACHE@", TRIVY_CACHE);

  /**
   * The script; {@code files} are the planned paths (files and directories) whose mode, owner and hash are read.
   */
  public static String build(String nonce, List<String> files) {
    StringBuilder script = new StringBuilder();
    script.append(SshConnection.SCRIPT_ENVIRONMENT);
    script.append("b='").append(boundary(nonce)).append("'\n");
    script.append(FUNCTIONS);
    script.append("s ufw-loaded ufw_loaded\n");
    script.append("s os cat /etc/os-release\n");
    script.append("s ufw-version ufw_version\n");
    script.append("s ufw-rules cat /etc/ufw/user.rules /etc/ufw/user6.rules\n");
    // The configured policies and log level: what `ufw status verbose` prints, and what `ufw enable`
    // applies (a converge of a fresh host need not set what is already set).
    script.append("s ufw-config cat /etc/default/ufw /etc/ufw/ufw.conf\n");
    // Without owners (-p reads every process's file descriptors): HostObserver names them when needed.
    script.append("s sockets ss -H -tuln\n");
    // The compose labels by name (.Label), not from the comma-joined Labels text, in which a label value
    // holding ",com.docker.compose.project=..." would pass a foreign container off as one of ours.
    script.append("s containers docker ps -a --no-trunc --format '{\"ps\":{{json .}},\"project\":{{json (.Label \"" + PROJECT_LABEL
        + "\")}},\"service\":{{json (.Label \"" + SERVICE_LABEL + "\")}}}'\n");
    script.append("s docker-version docker_version\n");
    script.append("s compose-v2 compose_v2\n");
    script.append("s compose-v1 compose_v1\n");
    script.append("s docker-daemon docker_daemon\n");
    script.append("s docker-networks docker_networks\n");
    script.append("s container-limits container_limits\n");
    script.append("s image-record image_record\n");
    script.append("s image-scans image_scans\n");
    script.append("s ipv6 cat /proc/sys/net/ipv6/conf/all/disable_ipv6\n");
    script.append("s sshd sshd -T\n");
    // The Match blocks of the configuration: sshd -T evaluates none of them.
    script.append("s sshd-match sshd_match\n");
    script.append("s packages dpkg-query -W -f='${Package} ${Status} ${Version}\\n' " + String.join(" ", PACKAGES) + "\n");
    script.append("s ssh-client ssh_client\n");
    script.append("s owner-marker owner_marker\n");
    script.append("s leftovers leftovers ").append(ShellWords.quote(TEMPORARY_PREFIX));
    files.stream().map(ObservationScript::parent).distinct().sorted().forEach(d -> script.append(' ').append(ShellWords.quote(d)));
    script.append('\n');
    script.append("s files files");
    for (String file : files) {
      script.append(' ').append(ShellWords.quote(file));
    }
    script.append('\n');
    script.append("if [ -n \"$d\" ]; then wait; cat");
    SECTIONS.forEach(n -> script.append(" \"$d/").append(n).append('"'));
    script.append("; fi\n");
    return script.toString();
  }

  static final String PROJECT_LABEL = "com.docker.compose.project";
  static final String SERVICE_LABEL = "com.docker.compose.service";

  /** Every section, in the order they are printed. */
  static final List<String> SECTIONS = List.of("os", "ufw-version", "ufw-loaded", "ufw-rules", "ufw-config", "sockets", "containers", "docker-version",
      "compose-v2", "compose-v1", "docker-daemon", "docker-networks", "container-limits", "image-record", "image-scans", "ipv6", "sshd", "sshd-match", "packages", "ssh-client", "owner-marker", "leftovers", "files");

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

}
