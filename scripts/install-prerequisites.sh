#!/usr/bin/env bash
# Installs what this project's scripts need when it is missing, on Debian or Ubuntu (apt-get), so each
# of them works on a fresh machine by itself. Used by scripts/test.sh, scripts/demo.sh and
# scripts/bench.sh; run it alone to prepare a machine.
#
#   scripts/install-prerequisites.sh [build|demo|test]   (default test: everything)
#
#   build  a JDK 17 and Maven (Maven fetches its own dependencies)
#   demo   build + the sandbox host's tools: OpenSSH, UFW, the Docker engine, busybox, iptables, iproute2,
#          sudo, python3 (stand-in listeners), opentracker (a real BitTorrent tracker: the tracker
#          stand-in serves the protocols with it), socat (the stand-in's IPv6 sockets), docker-registry
#          (a real registry inside a sandbox host: digests and pulls by digest), kubectl (Debian's
#          kubernetes-client when there is none: the demo and tests use it against the embedded API); needs root
#   test   demo + docker-compose (validates rendered compose files without an engine), cloud-init (schema
#          of user data), Prometheus and Caddy (their own checks judge the rendered files; the sandbox
#          stack runs the real Prometheus), endlessh (a real SSH tarpit), unattended-upgrades (seen as
#          installed by the hosts), inotify-tools and nftables (the change feed's event sources on the hosts),
#          debootstrap, systemd-container and dpkg-dev (pristine hosts: a fresh Debian booted by
#          systemd-nspawn, its local package repository). Without root, only the build and checking tools are looked for
#          (sandbox-host tests then skip).
#
# On a fresh machine the first run downloads and installs the packages: several minutes.
set -euo pipefail

what=${1:-test}
case "$what" in
  build|demo|test) ;;
  -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "install-prerequisites: build, demo or test, not '$what'" >&2; exit 2 ;;
esac

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ "$what" != build ]; then
  command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
fi
if [ "$what" = test ]; then
  command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
  command -v cloud-init >/dev/null 2>&1 || need+=(cloud-init)
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  command -v caddy >/dev/null 2>&1 || need+=(caddy)
  command -v endlessh >/dev/null 2>&1 || need+=(endlessh)
fi
if [ "$what" != build ] && [ "$(id -u)" -eq 0 ]; then
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ufw >/dev/null 2>&1 || [ -x /usr/sbin/ufw ] || need+=(ufw)
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  command -v busybox >/dev/null 2>&1 || need+=(busybox-static)
  command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || need+=(iptables)
  command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || need+=(iproute2)
  [ -x /usr/bin/python3 ] || need+=(python3-minimal)
  command -v sudo >/dev/null 2>&1 || need+=(sudo)
  command -v opentracker >/dev/null 2>&1 || need+=(opentracker)
  command -v socat >/dev/null 2>&1 || need+=(socat)
  command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
  if [ "$what" = test ]; then
    dpkg-query -W -f='${Status}' unattended-upgrades 2>/dev/null | grep -q "ok installed" || need+=(unattended-upgrades)
    command -v inotifywait >/dev/null 2>&1 || need+=(inotify-tools)
    command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ] || need+=(nftables)
    command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
    command -v systemd-nspawn >/dev/null 2>&1 || need+=(systemd-container)
    command -v dpkg-scanpackages >/dev/null 2>&1 || need+=(dpkg-dev)
  fi
fi
if ((${#need[@]} == 0)); then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-prerequisites: missing ${need[*]}; run as root (sudo) or install them first" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prerequisites: missing ${need[*]}, and this is not a Debian or Ubuntu machine (no apt-get): install them by hand" >&2
  exit 1
fi
echo "install-prerequisites: installing ${need[*]} (a few minutes on a fresh machine)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${need[@]}"
