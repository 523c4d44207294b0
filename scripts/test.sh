#!/usr/bin/env bash
# Runs every test of the project: `mvn -B verify` (unit tests, CRD and admission tests, CLI tests,
# end-to-end tests on sandbox hosts).
# Installs what the tests need when it is missing (Debian/Ubuntu: a JDK 17, Maven, docker-compose, which
# validates rendered compose files without a Docker engine, cloud-init, whose schema check validates the
# user data of new servers, Prometheus and Caddy, whose own checks judge the rendered files (and whose
# Prometheus runs in the sandbox hosts' stack), and for the sandbox hosts OpenSSH, UFW,
# the Docker engine, busybox and iptables), so it works on a fresh machine; Maven fetches its own
# dependencies. Sandbox-host tests need root; run as another user they are skipped with the reason. Extra arguments go to Maven, e.g. -Dtest=AdmissionTest.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v javac >/dev/null 2>&1 || need_packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_packages+=(maven)
command -v docker-compose >/dev/null 2>&1 || need_packages+=(docker-compose)
command -v cloud-init >/dev/null 2>&1 || need_packages+=(cloud-init) # `cloud-init schema` checks the rendered user data
command -v promtool >/dev/null 2>&1 || need_packages+=(prometheus)  # `promtool check config` judges prometheus.yml; the sandbox stack runs the real Prometheus
command -v caddy >/dev/null 2>&1 || need_packages+=(caddy)          # `caddy validate` judges every Caddyfile
if [ "$(id -u)" -eq 0 ]; then
  [ -x /usr/sbin/sshd ] || need_packages+=(openssh-server)
  command -v ufw >/dev/null 2>&1 || [ -x /usr/sbin/ufw ] || need_packages+=(ufw)
  command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
  command -v busybox >/dev/null 2>&1 || need_packages+=(busybox-static)
  command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || need_packages+=(iptables)
  command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || need_packages+=(iproute2)
  [ -x /usr/bin/python3 ] || need_packages+=(python3-minimal) # stand-in listeners inside sandbox hosts
  command -v sudo >/dev/null 2>&1 || need_packages+=(sudo)     # the sandbox hosts' non-root user
  dpkg-query -W -f='${Status}' unattended-upgrades 2>/dev/null | grep -q "ok installed" || need_packages+=(unattended-upgrades) # seen as installed by the hosts
fi
if ((${#need_packages[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test.sh: missing ${need_packages[*]}; run as root or install them first" >&2
    exit 1
  fi
  echo "scripts/test.sh: installing ${need_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need_packages[@]}"
fi

exec mvn -B -ntp verify "$@"
