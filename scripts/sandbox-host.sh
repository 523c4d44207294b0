#!/usr/bin/env bash
# Real "VM" hosts on one machine, for end-to-end tests: each host is a network namespace with its own
# address, a private mount namespace (its own /etc/ufw, /etc/default/ufw, /etc/ssh, /etc/cron.d, /etc/apt/apt.conf.d,
# /etc/docker, /var/lib/docker, /var/lib/cloud (empty: cloud-init's state), /var/lib/tracker-operator (the owner marker), /root, /opt, /run), OpenSSH, UFW and a Docker engine, and a local
# stand-in image (no registry is reachable). Follows shared/reference/sandbox-host-recipe.md.
#
#   scripts/sandbox-host.sh up NAME     create and start host NAME; prints KEY=VALUE lines
#   scripts/sandbox-host.sh up --pristine NAME  a pristine host instead: a fresh Debian 12 booted with
#                                       systemd, nothing of the deployment installed (scripts/pristine.sh)
#   scripts/sandbox-host.sh create --pristine NAME  the same, created but not booted (as a new cloud server)
#   scripts/sandbox-host.sh boot NAME [USER_DATA]   boot it; USER_DATA: the first boot runs cloud-init with it
#   scripts/sandbox-host.sh wait NAME   wait until a pristine host's systemd finished booting
#   scripts/sandbox-host.sh reboot NAME "systemctl reboot" in a pristine host, then wait as above
#   scripts/sandbox-host.sh down NAME   stop host NAME and remove everything it had
#   scripts/sandbox-host.sh exec NAME CMD...   run a command inside host NAME (as its root)
#   scripts/sandbox-host.sh image NAME REF...  add stand-in images (busybox running sleep, or the
#                                              JSON command in IMAGE_CMD, or entrypoint in
#                                              IMAGE_ENTRYPOINT) named REF
#   scripts/sandbox-host.sh standin NAME KIND REF [VARIANT]  add the stand-in image KIND (tracker,
#                                              mysql, backup, prometheus: scripts/standins/) named REF;
#                                              VARIANT picks image-VARIANT.conf (tracker: v3.0.0, develop)
#   scripts/sandbox-host.sh registry NAME      start a real registry (Debian's docker-registry) inside host
#                                              NAME on 127.0.0.1:5000, which its Docker pushes to and pulls from
#
# Each host also has an IPv6 address (ADDRESS6, empty on a machine without IPv6) and a Docker engine with
# IPv6 NAT on (SANDBOX_DOCKER_IPV6_NAT=off starts it without); "service docker restart" inside restarts it.
# Needs root and: iproute2, openssh-server, ufw, docker.io, busybox-static, iptables, util-linux, sudo.
# Besides root, each host has a user "torrust" (uid 1000) with passwordless sudo, in the host's own
# copies of /etc/passwd, /etc/group, /etc/shadow, /etc/sudoers.d (and /etc/hosts); both log in with SSH_KEY.
# Environment: SANDBOX_ROOT (state folder, default /var/tmp/tracker-sandbox), SSH_PORT (default 22).
# Hosts use 10.201.N.0/24 (N = 1..250, the first free), Docker bridges 10.210.N.0/24 and 10.211.N.0/24.
# Only the hosts' own processes are ever stopped, by their pidfiles.
set -euo pipefail

ROOT=${SANDBOX_ROOT:-/var/tmp/tracker-sandbox}
SSH_PORT=${SSH_PORT:-22}

die() { echo "sandbox-host: $*" >&2; exit 1; }

usage() {
  sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

require_root_and_tools() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (network and mount namespaces)"
  local missing=()
  for tool in ip nsenter unshare sshd ssh-keygen ufw dockerd docker busybox iptables sudo flock; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (apt-get install iproute2 openssh-server ufw docker.io busybox-static iptables)"
}

valid_name() {
  [[ "$1" =~ ^[a-z][a-z0-9-]{0,14}$ ]] || die "host name must be 1-15 of a-z 0-9 - and start with a letter: $1"
}

# Joins the host's namespaces (network, mount, UTS) through its sshd, which lives as long as the host;
# a pristine host's through its init (systemd, PID 1 inside), all of them.
in_host() {
  local dir=$1; shift
  if [ -f "$dir/pristine" ]; then
    local leader
    leader=$(pristine_leader "$dir") || die "pristine host in $dir is not running"
    nsenter -t "$leader" -a -- "$@"
    return
  fi
  local pid
  pid=$(cat "$dir/sshd.pid" 2>/dev/null) || die "host in $dir is not running (no sshd.pid)"
  nsenter -t "$pid" -m -n -u -- "$@"
}

free_index() {
  local n
  for n in $(seq 1 250); do
    if ! ip netns list 2>/dev/null | grep -qx "tsbx-.*-$n\( (id: [0-9]*)\)\?" && ! ip link show "tsbx$n" >/dev/null 2>&1; then
      echo "$n"; return
    fi
  done
  die "no free host index"
}

wait_for() { # seconds description command...
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${seconds}s waiting for $what"
    sleep 0.1
  done
}

up() {
  local name=$1
  valid_name "$name"
  require_root_and_tools
  local dir="$ROOT/$name"
  [ ! -e "$dir" ] || die "host $name exists already ($dir); run: $0 down $name"
  mkdir -p "$ROOT"
  # Two hosts coming up at once must not take the same index: allocate under a lock, and hold it
  # until the index's network namespace exists.
  exec 9>"$ROOT/.lock"
  flock 9
  local n; n=$(free_index)
  local netns="tsbx-$name-$n" veth="tsbx$n"
  mkdir -p "$dir"/{etc-ufw,etc-ssh,etc-cron.d,etc-docker,etc-sudoers.d,etc-apt-conf.d,var-lib-docker,var-lib-cloud,var-lib-tracker-operator,root,opt,rootfs}
  cp -a /etc/apt/apt.conf.d/. "$dir/etc-apt-conf.d/"
  echo "$n" > "$dir/index"
  echo "$netns" > "$dir/netns"

  # Files: the host's own copies, so nothing it does touches the machine's or another host's.
  cp -a /etc/ufw/. "$dir/etc-ufw/"
  cp -a /etc/default/ufw "$dir/default-ufw"
  # Users: the machine's, without any uid 1000 it may have, plus torrust (1000) with passwordless sudo.
  grep -v '^[^:]*:[^:]*:1000:' /etc/passwd > "$dir/passwd"; echo "torrust:x:1000:1000::/opt/home/torrust:/bin/sh" >> "$dir/passwd"
  grep -v '^[^:]*:[^:]*:1000:' /etc/group > "$dir/group"; echo "torrust:x:1000:" >> "$dir/group"
  { grep -v "^$(getent passwd 1000 | cut -d: -f1):" /etc/shadow 2>/dev/null || true; echo "torrust:*:20000:0:99999:7:::"; } > "$dir/shadow"
  chmod 0640 "$dir/shadow"
  printf '127.0.0.1 localhost\n127.0.1.1 sandbox-%s\n::1 localhost ip6-localhost\n' "$name" > "$dir/hosts"
  echo "torrust ALL=(ALL) NOPASSWD:ALL" > "$dir/etc-sudoers.d/torrust"
  chmod 0440 "$dir/etc-sudoers.d/torrust"
  mkdir -p "$dir/opt/home/torrust" && chown 1000:1000 "$dir/opt/home/torrust"
  # Docker's IPv6 NAT (what spec.host.ipv6 needs) is on unless SANDBOX_DOCKER_IPV6_NAT=off: then the
  # operator must turn it on and restart the engine itself, through the host's "service" (below).
  local nat=''
  [ "${SANDBOX_DOCKER_IPV6_NAT:-on}" = off ] || nat='
  "experimental": true,
  "ip6tables": true,'
  cat > "$dir/etc-docker/daemon.json" <<JSON
{$nat
  "bip": "10.210.$n.1/24",
  "default-address-pools": [{"base": "10.211.$n.0/24", "size": 28}],
  "shutdown-timeout": 2,
  "log-driver": "json-file"
}
JSON
  ssh-keygen -q -t ed25519 -N '' -C "sandbox-$name-host" -f "$dir/etc-ssh/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C "sandbox-$name-client" -f "$dir/id_ed25519"
  install -m 0644 "$dir/id_ed25519.pub" "$dir/authorized_keys"  # read by sshd as the user logging in
  cat > "$dir/etc-ssh/sshd_config" <<SSHD
# sshd of sandbox host $name. Seen inside the host as /etc/ssh/sshd_config, so sshd -T reports it.
Port $SSH_PORT
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
SSHD

  # Network: a namespace with its own address, reachable from the machine over a veth pair.
  ip netns add "$netns"
  ip link add "$veth" type veth peer name eth0 netns "$netns"
  ip addr add "10.201.$n.1/24" dev "$veth"
  ip link set "$veth" up
  ip netns exec "$netns" ip addr add "10.201.$n.2/24" dev eth0
  ip netns exec "$netns" ip link set eth0 up
  ip netns exec "$netns" ip link set lo up
  ip netns exec "$netns" ip route add default via "10.201.$n.1"
  # IPv6 too: the host is fd99:201:N::2, the machine fd99:201:N::1 (best effort: a machine without
  # IPv6 still gets IPv4 hosts; tests that need IPv6 look for ADDRESS6).
  local address6=''
  if sysctl -qw "net.ipv6.conf.$veth.disable_ipv6=0" 2>/dev/null && ip -6 addr add "fd99:201:$n::1/64" dev "$veth" nodad 2>/dev/null \
      && ip netns exec "$netns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0 2>/dev/null \
      && ip netns exec "$netns" ip -6 addr add "fd99:201:$n::2/64" dev eth0 nodad 2>/dev/null \
      && ip netns exec "$netns" ip -6 route add default via "fd99:201:$n::1" 2>/dev/null; then
    address6="fd99:201:$n::2"
  fi
  echo "$address6" > "$dir/address6"
  flock -u 9

  # A stand-in image: busybox, imported into the host's own Docker.
  mkdir -p "$dir/rootfs/bin" "$dir/rootfs/www" "$dir/rootfs/etc" "$dir/rootfs/tmp"
  cp "$(command -v busybox)" "$dir/rootfs/bin/"
  for c in sh httpd nc sleep cat wget echo ls; do ln -sf busybox "$dir/rootfs/bin/$c"; done
  # What the deployment's health checks call, so stand-ins running httpd pass them: the pages
  # Prometheus and Grafana are probed on, and stubs for mysqladmin and caddy.
  mkdir -p "$dir/rootfs/www/-" "$dir/rootfs/www/api"
  echo ok > "$dir/rootfs/www/-/healthy"
  echo '{"database":"ok"}' > "$dir/rootfs/www/api/health"
  printf '#!/bin/sh\n# sandbox stand-in: answers the health check\nexit 0\n' > "$dir/rootfs/bin/mysqladmin"
  cp "$dir/rootfs/bin/mysqladmin" "$dir/rootfs/bin/caddy"
  chmod 0755 "$dir/rootfs/bin/mysqladmin" "$dir/rootfs/bin/caddy"
  tar -C "$dir/rootfs" -cf "$dir/busybox-rootfs.tar" .

  # The host's Docker engine, started by hostinit.sh and restarted by the host's "service docker restart"
  # (this machine has no init system to do it): what a converge that changes daemon.json calls.
  cat > "$dir/dockerd.sh" <<DOCKERD
#!/bin/sh
setsid dockerd --data-root /var/lib/docker --exec-root /run/docker --pidfile "$dir/dockerd.pid" \\
  --host unix:///run/docker.sock >>"$dir/dockerd.log" 2>&1 </dev/null &
DOCKERD
  cat > "$dir/service" <<SERVICE
#!/bin/sh
# "service" inside sandbox host $name: only "service docker restart|stop|start", on the host's own engine.
[ "\$1" = docker ] || { echo "sandbox host: only the docker service is managed here" >&2; exit 1; }
stop() {
  pid=\$(cat "$dir/dockerd.pid" 2>/dev/null) || return 0
  kill "\$pid" 2>/dev/null || return 0
  i=0; while kill -0 "\$pid" 2>/dev/null; do i=\$((i + 1)); [ \$i -lt 300 ] || { echo "dockerd did not stop" >&2; exit 1; }; sleep 0.1; done
}
case "\$2" in
  stop) stop ;;
  start) "$dir/dockerd.sh" ;;
  restart) stop; "$dir/dockerd.sh" ;;
  *) echo "sandbox host: service docker \$2 is not supported" >&2; exit 1 ;;
esac
SERVICE
  chmod 0755 "$dir/dockerd.sh" "$dir/service"

  cat > "$dir/hostinit.sh" <<INIT
#!/bin/sh
# Runs inside the host's new mount and UTS namespaces: private views, then the daemons.
set -e
hostname "sandbox-$name"
mount --make-rprivate /
mount --bind "$dir/etc-ufw" /etc/ufw
mount --bind "$dir/default-ufw" /etc/default/ufw
mount --bind "$dir/etc-ssh" /etc/ssh
mount --bind "$dir/etc-cron.d" /etc/cron.d
mount --bind "$dir/etc-apt-conf.d" /etc/apt/apt.conf.d
mount --bind "$dir/passwd" /etc/passwd
mount --bind "$dir/group" /etc/group
mount --bind "$dir/shadow" /etc/shadow
mount --bind "$dir/hosts" /etc/hosts
mount --bind "$dir/etc-sudoers.d" /etc/sudoers.d
mount --bind "$dir/etc-docker" /etc/docker
mount --bind "$dir/var-lib-docker" /var/lib/docker
mount --bind "$dir/var-lib-cloud" /var/lib/cloud
mount --bind "$dir/var-lib-tracker-operator" /var/lib/tracker-operator
mount --bind "$dir/root" /root
mount --bind "$dir/opt" /opt
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/sshd
ln -s "$dir/sshd.pid" /run/sshd.pid # where Debian's sshd keeps it: "kill -HUP \$(cat /run/sshd.pid)" reloads it
mount --bind "$dir/service" /usr/sbin/service
"$dir/dockerd.sh"
/usr/sbin/sshd -f /etc/ssh/sshd_config -E "$dir/sshd.log"
INIT
  chmod 0755 "$dir/hostinit.sh"
  mkdir -p /var/lib/docker /var/lib/cloud /var/lib/tracker-operator /etc/docker /etc/cron.d /etc/sudoers.d
  nsenter --net="/run/netns/$netns" unshare --mount --uts --propagation private "$dir/hostinit.sh"

  wait_for 10 "sshd of $name" test -s "$dir/sshd.pid"
  wait_for 30 "Docker engine of $name" in_host "$dir" docker info
  in_host "$dir" docker import -c 'CMD ["/bin/sh"]' "$dir/busybox-rootfs.tar" local/busybox:1 >/dev/null
  wait_for 10 "SSH port $SSH_PORT of $name from the machine" bash -c "exec 3<>/dev/tcp/10.201.$n.2/$SSH_PORT"

  echo "NAME=$name"
  echo "ADDRESS=10.201.$n.2"
  echo "ADDRESS6=$address6"
  echo "MACHINE_ADDRESS=10.201.$n.1"
  echo "SSH_PORT=$SSH_PORT"
  echo "SSH_USER=root"
  echo "SUDO_USER=torrust"
  echo "SSH_KEY=$dir/id_ed25519"
  echo "HOST_KEY=$(cut -d' ' -f1,2 "$dir/etc-ssh/ssh_host_ed25519_key.pub")"
  echo "HOST_KEY_FINGERPRINT=$(ssh-keygen -lf "$dir/etc-ssh/ssh_host_ed25519_key.pub" | cut -d' ' -f2)"
  echo "NETNS=$netns"
  echo "STATE_DIR=$dir"
  echo "IMAGE=local/busybox:1"
}

# Builds a stand-in image from scripts/standins/KIND: busybox with every applet, the stand-in's files,
# its prepare.sh (if any) run on the tree, imported with the Dockerfile lines of its image.conf.
standin() { # name kind ref [variant]
  local name=$1 kind=$2 ref=$3 variant=${4:-}
  valid_name "$name"
  [[ "$kind" =~ ^[a-z]+$ ]] || die "stand-in kind must be a word: $kind"
  local dir="$ROOT/$name" src
  src="$(cd "$(dirname "$0")" && pwd)/standins/$kind"
  [ -d "$src" ] || die "no stand-in $kind (scripts/standins/$kind)"
  local conf="$src/image${variant:+-$variant}.conf"
  [ -f "$conf" ] || die "no $conf"
  local work
  work=$(mktemp -d "$dir/standin.XXXXXX")
  mkdir -p "$work/bin" "$work/www" "$work/etc" "$work/tmp"
  chmod 1777 "$work/tmp"
  cp "$(command -v busybox)" "$work/bin/busybox"
  local applet
  for applet in $(busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$work/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$work/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/etc/group"
  [ ! -d "$src/rootfs" ] || cp -a "$src/rootfs/." "$work/"
  [ ! -x "$src/prepare.sh" ] || "$src/prepare.sh" "$work"
  tar -C "$work" -cf "$work.tar" .
  local changes=() line
  while IFS= read -r line; do [ -z "$line" ] || changes+=(-c "$line"); done < "$conf"
  in_host "$dir" docker import "${changes[@]}" "$work.tar" "$ref" >/dev/null
  rm -rf "$work" "$work.tar"
}

# A registry in the host's network namespace (Docker trusts 127.0.0.0/8 without TLS): images pushed
# to 127.0.0.1:5000/... get registry digests (RepoDigests), and can be pulled by digest.
registry() {
  local name=$1
  valid_name "$name"
  command -v docker-registry >/dev/null || die "missing tool: docker-registry (Debian package docker-registry)"
  local dir="$ROOT/$name"
  [ -s "$dir/sshd.pid" ] || die "no host $name"
  mkdir -p "$dir/registry"
  cat > "$dir/registry.yml" <<REGISTRY
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/registry}
  delete: {enabled: true}
http: {addr: "127.0.0.1:5000"}
REGISTRY
  in_host "$dir" setsid docker-registry serve "$dir/registry.yml" >>"$dir/registry.log" 2>&1 </dev/null &
  echo $! > "$dir/registry.pid"
  wait_for 20 "the registry of $name" in_host "$dir" busybox wget -q -O /dev/null http://127.0.0.1:5000/v2/
  echo "REGISTRY=127.0.0.1:5000"
}

down() {
  local name=$1
  valid_name "$name"
  [ "$(id -u)" -eq 0 ] || die "must run as root"
  local dir="$ROOT/$name"
  [ -d "$dir" ] || { echo "sandbox-host: no host $name" >&2; return 0; }
  if [ -s "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; then
    # Busybox as a container's main process ignores SIGTERM: remove containers before stopping dockerd.
    local containers
    containers=$(in_host "$dir" docker ps -aq 2>/dev/null || true)
    [ -z "$containers" ] || in_host "$dir" docker rm -f $containers >/dev/null 2>&1 || true
  fi
  [ ! -f "$dir/pristine" ] || pristine_down "$dir"
  stop_pidfile "$dir/registry.pid" 5
  stop_pidfile "$dir/dockerd.pid" 15
  stop_pidfile "$dir/sshd.pid" 5
  if [ -f "$dir/netns" ]; then
    local netns pids
    netns=$(cat "$dir/netns")
    # Whatever tests started inside the host (listeners, shells) is in its network namespace: stop
    # exactly those processes, found by namespace, never by name.
    pids=$(ip netns pids "$netns" 2>/dev/null || true)
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
    ip netns del "$netns" 2>/dev/null || true
  fi
  rm -rf "$dir"
  echo "sandbox-host: $name removed"
}

stop_pidfile() { # pidfile seconds
  local pidfile=$1 seconds=$2 pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then kill -9 "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
  done
}

source "$(dirname "$0")/pristine.sh"

case "${1:-}" in
  up)
    if [ "${2:-}" = --pristine ]; then
      [ $# -eq 3 ] || usage; pristine_create "$3" && pristine_boot "$3"
    else
      [ $# -eq 2 ] || usage; up "$2"
    fi ;;
  create) [ $# -eq 3 ] && [ "$2" = --pristine ] || usage; pristine_create "$3" ;;
  boot) [ $# -ge 2 ] && [ $# -le 3 ] || usage; pristine_boot "$2" "${3:-}" ;;
  wait) [ $# -eq 2 ] || usage; valid_name "$2"; pristine_wait "$2" 180 ;;
  reboot) [ $# -eq 2 ] || usage; valid_name "$2"; pristine_reboot "$2" ;;
  down) [ $# -eq 2 ] || usage; down "$2" ;;
  exec) [ $# -ge 3 ] || usage; valid_name "$2"; dir="$ROOT/$2"; shift 2; in_host "$dir" "$@" ;;
  image)
    [ $# -ge 3 ] || usage; valid_name "$2"; dir="$ROOT/$2"; shift 2
    for ref in "$@"; do
      if [ -n "${IMAGE_ENTRYPOINT:-}" ]; then
        in_host "$dir" docker import -c "ENTRYPOINT $IMAGE_ENTRYPOINT" "$dir/busybox-rootfs.tar" "$ref" >/dev/null
      else
        in_host "$dir" docker import -c "CMD ${IMAGE_CMD:-[\"/bin/sleep\", \"2147483647\"]}" "$dir/busybox-rootfs.tar" "$ref" >/dev/null
      fi
    done ;;
  standin) [ $# -ge 4 ] && [ $# -le 5 ] || usage; standin "$2" "$3" "$4" "${5:-}" ;;
  registry) [ $# -eq 2 ] || usage; registry "$2" ;;
  -h|--help|help) usage ;;
  *) usage ;;
esac
