# Pristine hosts, sourced by sandbox-host.sh: a fresh Debian root filesystem of its own, booted with
# systemd as PID 1 by systemd-nspawn in a network namespace like the other hosts. Nothing of the
# deployment is installed: no Docker, no UFW, no unattended-upgrades. The host takes its address by
# DHCP (udhcpd on the machine's end of the link), installs packages only from a local repository
# (downloaded by this machine's apt, served on MACHINE_ADDRESS:3142) and pulls images only through a
# registry mirror (Debian's docker-registry on MACHINE_ADDRESS:5000, named in /etc/docker/daemon.json
# before Docker is installed), so the operator's own install and pull paths run for real.
#
# The cache (PRISTINE_CACHE, default /var/tmp/tracker-pristine) keeps the root filesystem with the
# package repository, and the registry's stand-in images, each under a key of what made it: a change
# to the recipe below or to scripts/standins/ builds again; a machine builds each once.
#
# What the sandbox adds to a real server, and why (the "hardware"): the container may use every
# capability, no seccomp filter (runc needs the session keyring), writable /proc/sys, and the cgroup
# controllers are remounted writable at each boot (systemd-nspawn mounts cgroup v1 read-only): what
# Docker needs inside a container. A reboot (systemctl reboot) ends systemd-nspawn with 133 and the
# boot loop starts it again, as systemd-nspawn@.service does.

PRISTINE_CACHE=${PRISTINE_CACHE:-/var/tmp/tracker-pristine}
PRISTINE_SUITE=bookworm
PRISTINE_MIRROR=${PRISTINE_MIRROR:-http://deb.debian.org/debian}
# What a Debian 12 cloud image has that matters here: systemd, OpenSSH, sudo, cloud-init, ifupdown
# with the ISC DHCP client (what cloud-init configures on Debian 12), and the en_US.UTF-8 locale (cloud-init's
# locale module fails without it: seen with the first image). python3-cffi-backend: debootstrap's
# resolver cannot pick the virtual package python3-cryptography needs, so apt installs the rest.
PRISTINE_BASE=systemd,systemd-sysv,dbus,openssh-server,iproute2
PRISTINE_PACKAGES="sudo ca-certificates ifupdown isc-dhcp-client locales python3-cffi-backend cloud-init"
# What the operator installs (converge/ConvergePlanner): served from the local repository.
PRISTINE_REPOSITORY="docker.io ufw unattended-upgrades docker-compose"
# The stand-in images the examples run, pushed to the mirror under their Docker Hub names:
# KIND REF [VARIANT] (scripts/standins/KIND), or "image REF CMD" for busybox running CMD.
PRISTINE_IMAGES='tracker torrust/tracker:v3.0.0 v3.0.0
tracker torrust/tracker:develop-standin develop
mysql mysql:8.4
prometheus prom/prometheus:v3.11.2
backup torrust/tracker-backup:sha-standin
grafana grafana/grafana:13.0.0
image caddy:2.11.2 ["/bin/sh", "-c", "exec httpd -f -p 80 -h /www"]'

pristine_require_tools() {
  local missing=()
  for tool in debootstrap systemd-nspawn dpkg-scanpackages docker-registry busybox nsenter ssh-keygen; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (apt-get install debootstrap systemd-container dpkg-dev docker-registry busybox-static)"
}

# The pid of the host's init (systemd-nspawn's child), once it runs systemd.
pristine_leader() { # dir
  local nspawn leader
  nspawn=$(cat "$1/nspawn.pid" 2>/dev/null) || return 1
  leader=$(ps -o pid= --ppid "$nspawn" 2>/dev/null | head -1 | tr -d ' ')
  [ -n "$leader" ] && [ "$(cat "/proc/$leader/comm" 2>/dev/null)" = systemd ] || return 1
  echo "$leader"
}

pristine_key() { # what... : a short hash of the arguments
  printf '%s\n' "$@" | sha256sum | cut -c1-12
}

# Root filesystem and package repository: debootstrap, then apt for the rest, then the packages the
# operator installs downloaded (not installed) into a flat repository.
pristine_build_rootfs() { # out
  local out=$1 tmp=$1.tmp
  rm -rf "$tmp"; mkdir -p "$tmp"
  echo "pristine: debootstrap $PRISTINE_SUITE (about 2 minutes, once per machine)" >&2
  debootstrap --variant=minbase --include="$PRISTINE_BASE" "$PRISTINE_SUITE" "$tmp/rootfs" "$PRISTINE_MIRROR" >"$tmp/debootstrap.log" 2>&1 \
    || die "debootstrap failed: $(tail -3 "$tmp/debootstrap.log")"
  local fs=$tmp/rootfs
  cp /etc/resolv.conf "$fs/etc/resolv.conf"
  echo "pristine: installing $PRISTINE_PACKAGES" >&2
  chroot "$fs" apt-get update -q >"$tmp/apt.log" 2>&1 \
    && chroot "$fs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PRISTINE_PACKAGES >>"$tmp/apt.log" 2>&1 \
    || die "apt-get in the new root filesystem failed: $(tail -3 "$tmp/apt.log")"
  echo 'en_US.UTF-8 UTF-8' > "$fs/etc/locale.gen"
  chroot "$fs" locale-gen >>"$tmp/apt.log" 2>&1 || die "locale-gen failed: $(tail -3 "$tmp/apt.log")"
  echo "pristine: downloading $PRISTINE_REPOSITORY into the local repository" >&2
  chroot "$fs" env DEBIAN_FRONTEND=noninteractive apt-get install --download-only -y -q --no-install-recommends $PRISTINE_REPOSITORY >>"$tmp/apt.log" 2>&1 \
    || die "downloading the repository's packages failed: $(tail -3 "$tmp/apt.log")"
  mkdir -p "$tmp/repo"
  mv "$fs"/var/cache/apt/archives/*.deb "$tmp/repo/"
  (cd "$tmp/repo" && dpkg-scanpackages -m . /dev/null 2>/dev/null > Packages && gzip -k Packages)
  # As a cloud image ships: no package lists, no host keys (each host makes its own), no machine id,
  # no policy-rc.d (debootstrap's: services start when installed).
  chroot "$fs" apt-get clean
  rm -rf "$fs"/var/lib/apt/lists/* "$fs"/etc/ssh/ssh_host_* "$fs/usr/sbin/policy-rc.d" "$fs/etc/resolv.conf"
  : > "$fs/etc/machine-id"
  touch "$fs/etc/resolv.conf"
  rm -rf "$out"; mv "$tmp" "$out"
}

# The stand-in images, built in an ordinary sandbox host and pushed to its registry, whose storage
# is kept: each pristine host's mirror serves a copy of it.
pristine_build_registry() { # out
  local out=$1 builder="pb$$"
  echo "pristine: building the stand-in images for the registry mirror" >&2
  bash "$0" up "$builder" >/dev/null || die "cannot bring up the image builder host"
  local dir="$ROOT/$builder"
  (
    trap 'bash "$0" down "$builder" >/dev/null' EXIT
    bash "$0" registry "$builder" >/dev/null
    local kind ref rest repo
    while read -r kind ref rest; do
      if [ "$kind" = image ]; then
        in_host "$dir" docker import -c "CMD $rest" "$dir/busybox-rootfs.tar" "$ref" >/dev/null
      else
        bash "$0" standin "$builder" "$kind" "$ref" $rest
      fi
      repo=$ref; [[ "${ref%%:*}" == */* ]] || repo="library/$ref" # Docker Hub's name for official images
      in_host "$dir" docker tag "$ref" "127.0.0.1:5000/$repo" && in_host "$dir" docker push -q "127.0.0.1:5000/$repo" >/dev/null \
        || die "cannot push $ref to the builder's registry"
    done <<< "$PRISTINE_IMAGES"
    rm -rf "$out.tmp"; cp -a "$dir/registry" "$out.tmp"; rm -rf "$out"; mv "$out.tmp" "$out"
  ) || exit 1
}

# Prints the cache folders (rootfs, registry), building what is missing; old keys are removed.
pristine_prepare() {
  mkdir -p "$PRISTINE_CACHE"
  exec 8>"$PRISTINE_CACHE/.lock"
  flock 8
  local rootfs registry here
  here="$(cd "$(dirname "$0")" && pwd)"
  rootfs="$PRISTINE_CACHE/rootfs-$(pristine_key "$PRISTINE_SUITE" "$PRISTINE_BASE" "$PRISTINE_PACKAGES" "$PRISTINE_REPOSITORY" "$(declare -f pristine_build_rootfs)")"
  registry="$PRISTINE_CACHE/registry-$(pristine_key "$PRISTINE_IMAGES" "$(cd "$here/standins" && find . -type f | sort | xargs sha256sum)" "$(command -v busybox | xargs sha256sum)")"
  [ -d "$rootfs" ] || { find "$PRISTINE_CACHE" -maxdepth 1 -name 'rootfs-*' -exec rm -rf {} +; pristine_build_rootfs "$rootfs"; }
  [ -d "$registry" ] || { find "$PRISTINE_CACHE" -maxdepth 1 -name 'registry-*' -exec rm -rf {} +; pristine_build_registry "$registry"; }
  flock -u 8
  echo "$rootfs $registry"
}

# A pristine host is made in two steps, as a cloud server is: created (address, disk, the machine's
# services; prints KEY=VALUE lines) and booted. boot USER_DATA (a cloud-config file) makes the first boot
# run cloud-init from a NoCloud seed with it: the host gets neither root's key nor host keys from this
# script, cloud-init makes them as on a new cloud server (HOST_KEY is then empty). Without it, root gets
# SSH_KEY and fresh host keys, as a provider's image without user data, and cloud-init stays off.
pristine_create() { # name
  local name=$1
  valid_name "$name"
  require_root_and_tools
  pristine_require_tools
  local dir="$ROOT/$name"
  [ ! -e "$dir" ] || die "host $name exists already ($dir); run: $0 down $name"
  local caches rootfs registry
  caches=$(pristine_prepare) || exit 1
  read -r rootfs registry <<< "$caches"
  mkdir -p "$ROOT"
  exec 9>"$ROOT/.lock"
  flock 9
  local n; n=$(free_index)
  local netns="tsbx-$name-$n" veth="tsbx$n" machine="10.201.$n.1"
  mkdir -p "$dir"
  touch "$dir/pristine"
  echo "$n" > "$dir/index"
  echo "$netns" > "$dir/netns"
  : > "$dir/address6"
  ip netns add "$netns"
  ip link add "$veth" type veth peer name eth0 netns "$netns"
  ip addr add "$machine/24" dev "$veth"
  ip link set "$veth" up
  flock -u 9

  echo "pristine: copying the root filesystem" >&2
  cp -a "$rootfs/rootfs" "$dir/fs"
  local fs=$dir/fs
  echo "pristine-$name" > "$fs/etc/hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 pristine-%s\n::1 localhost ip6-localhost\n' "$name" > "$fs/etc/hosts"
  echo "deb [trusted=yes] http://$machine:3142/ ./" > "$fs/etc/apt/sources.list"
  # eth0 by DHCP, as cloud-init configures it on Debian 12 (no udev in a container: "auto", not hotplug).
  printf 'auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet dhcp\n' > "$fs/etc/network/interfaces"
  mkdir -p "$fs/etc/docker"
  printf '{\n  "registry-mirrors": ["http://%s:5000"]\n}\n' "$machine" > "$fs/etc/docker/daemon.json"
  ssh-keygen -q -t ed25519 -N '' -C "pristine-$name-client" -f "$dir/id_ed25519"

  # The machine's end: DHCP for the one host, the package repository and the registry mirror.
  cat > "$dir/udhcpd.conf" <<DHCP
start 10.201.$n.2
end 10.201.$n.2
max_leases 1
interface $veth
lease_file $dir/udhcpd.leases
opt subnet 255.255.255.0
opt router $machine
opt lease 86400
DHCP
  : > "$dir/udhcpd.leases"
  setsid busybox udhcpd -f "$dir/udhcpd.conf" >>"$dir/udhcpd.log" 2>&1 </dev/null &
  echo $! > "$dir/udhcpd.pid"
  setsid busybox httpd -f -p "$machine:3142" -h "$rootfs/repo" >>"$dir/repo.log" 2>&1 </dev/null &
  echo $! > "$dir/repo.pid"
  cp -a "$registry" "$dir/registry"
  cat > "$dir/registry.yml" <<REGISTRY
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $dir/registry}
http: {addr: "$machine:5000"}
REGISTRY
  setsid docker-registry serve "$dir/registry.yml" >>"$dir/registry.log" 2>&1 </dev/null &
  echo $! > "$dir/registry.pid"

  cat > "$dir/boot.sh" <<BOOT
#!/usr/bin/env bash
# Boots pristine host $name, and again after each reboot (exit 133), as systemd-nspawn@.service does.
while :; do
  SYSTEMD_SECCOMP=0 SYSTEMD_NSPAWN_API_VFS_WRITABLE=yes systemd-nspawn --quiet --register=no --keep-unit \\
    --directory="$fs" --boot --machine="pristine-$name" --network-namespace-path="/run/netns/$netns" --capability=all \\
    >>"$dir/console.log" 2>&1 </dev/null &
  nspawn=\$!
  echo "\$nspawn" > "$dir/nspawn.pid"
  # Docker makes cgroups: the controllers writable, once systemd runs (after systemd-nspawn mounted them).
  for i in \$(seq 200); do
    leader=\$(ps -o pid= --ppid "\$nspawn" | head -1 | tr -d ' ')
    [ -n "\$leader" ] && [ "\$(cat /proc/\$leader/comm 2>/dev/null)" = systemd ] && break
    sleep 0.05
  done
  nsenter -t "\$leader" -m sh -c 'for m in /sys/fs/cgroup /sys/fs/cgroup/*; do mount -o remount,bind,rw "\$m"; done' >>"$dir/boot.log" 2>&1
  wait "\$nspawn"; code=\$?
  echo "systemd-nspawn ended with \$code" >>"$dir/boot.log"
  [ "\$code" -eq 133 ] || break
done
rm -f "$dir/nspawn.pid"
BOOT
  chmod 0755 "$dir/boot.sh"

  echo "NAME=$name"
  echo "ADDRESS=10.201.$n.2"
  echo "ADDRESS6="
  echo "MACHINE_ADDRESS=$machine"
  echo "SSH_PORT=22"
  echo "SSH_USER=root"
  echo "SUDO_USER="
  echo "SSH_KEY=$dir/id_ed25519"
  echo "NETNS=$netns"
  echo "STATE_DIR=$dir"
  echo "IMAGE="
  echo "PACKAGES=http://$machine:3142/"
  echo "MIRROR=http://$machine:5000"
}

pristine_boot() { # name [user-data]
  local name=$1 user_data=${2:-}
  valid_name "$name"
  local dir="$ROOT/$name"
  [ -f "$dir/pristine" ] || die "no pristine host $name"
  [ ! -e "$dir/boot.pid" ] || die "pristine host $name was booted already"
  [ -z "$user_data" ] || [ -f "$user_data" ] || die "no user data file $user_data"
  local fs=$dir/fs
  if [ -n "$user_data" ]; then
    mkdir -p "$fs/var/lib/cloud/seed/nocloud"
    cp "$user_data" "$fs/var/lib/cloud/seed/nocloud/user-data"
    printf 'instance-id: pristine-%s\nlocal-hostname: pristine-%s\n' "$name" "$name" > "$fs/var/lib/cloud/seed/nocloud/meta-data"
    echo "HOST_KEY="
    echo "HOST_KEY_FINGERPRINT="
  else
    install -d -m 0700 "$fs/root/.ssh"
    install -m 0600 "$dir/id_ed25519.pub" "$fs/root/.ssh/authorized_keys"
    ssh-keygen -q -A -f "$fs"
    touch "$fs/etc/cloud/cloud-init.disabled"
    echo "HOST_KEY=$(cut -d' ' -f1,2 "$fs/etc/ssh/ssh_host_ed25519_key.pub")"
    echo "HOST_KEY_FINGERPRINT=$(ssh-keygen -lf "$fs/etc/ssh/ssh_host_ed25519_key.pub" | cut -d' ' -f2)"
  fi
  echo "pristine: booting" >&2
  setsid "$dir/boot.sh" </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/boot.pid"
  # Port 22 until cloud-init moves it: the host is up once systemd started ssh.service there.
  wait_for 120 "SSH port 22 of pristine host $name (booted, address by DHCP)" bash -c "exec 3<>/dev/tcp/10.201.$(cat "$dir/index").2/22"
}

# Waits until the host's systemd has finished booting (running or degraded), after a reboot too.
pristine_wait() { # name seconds
  local dir="$ROOT/$1" seconds=${2:-120}
  local deadline=$((SECONDS + seconds)) state=''
  while ((SECONDS < deadline)); do
    if pristine_leader "$dir" >/dev/null; then
      state=$(in_host "$dir" systemctl is-system-running 2>/dev/null || true)
      case "$state" in running|degraded) echo "$state"; return 0 ;; esac
    fi
    sleep 0.5
  done
  die "pristine host $1 did not finish booting within ${seconds}s (last state: ${state:-none})"
}

# Reboots a pristine host with systemd's own reboot, and waits until it has booted again.
pristine_reboot() { # name
  local dir="$ROOT/$1" old
  old=$(pristine_leader "$dir") || die "pristine host $1 is not running"
  in_host "$dir" systemctl reboot || die "systemctl reboot failed on $1"
  local deadline=$((SECONDS + 60)) now=''
  while ((SECONDS < deadline)); do
    now=$(pristine_leader "$dir" || true)
    [ -z "$now" ] || [ "$now" = "$old" ] || break
    sleep 0.2
  done
  [ -n "$now" ] && [ "$now" != "$old" ] || die "pristine host $1 did not start again within 60s of its reboot"
  pristine_wait "$1" 180 >/dev/null
}

pristine_down() { # dir
  local dir=$1
  stop_pidfile "$dir/boot.pid" 5       # first: no boot again
  stop_pidfile "$dir/nspawn.pid" 30    # SIGTERM: systemd-nspawn powers the host off cleanly
  stop_pidfile "$dir/registry.pid" 5
  stop_pidfile "$dir/repo.pid" 5
  stop_pidfile "$dir/udhcpd.pid" 5
}
