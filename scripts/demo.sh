#!/usr/bin/env bash
# The operator end to end on this machine, no cluster needed: a real sandbox host (OpenSSH, UFW, Docker
# in a network namespace), the operator with an in-memory Kubernetes API, and a TrackerDeployment from
# examples/minimal.yaml aimed at the host. Then someone opens a rogue public port and someone else
# disables the firewall, and you watch the operator notice and (with Remediate) repair.
#
#   scripts/demo.sh [Remediate|Report]     drift mode of the demo deployment (default Remediate)
#
# Needs root (the host is a network namespace); installs what it needs when it is missing
# (scripts/install-prerequisites.sh demo: a JDK, Maven, the sandbox host's tools) and builds the jar
# with Maven when it is missing (the first run on a fresh machine takes several minutes). Everything it creates is removed when it ends (or on Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-Remediate}
case "$MODE" in
  Remediate|Report) ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "demo: the drift mode must be Remediate or Report, not '$MODE'" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "demo: needs root: the demo host is a network namespace with its own sshd, UFW and Docker engine." >&2
  echo "      run: sudo scripts/demo.sh $MODE" >&2
  exit 2
fi

JAR=operator/target/tracker-operator.jar
NAME=demo$$
WORK=$(mktemp -d /tmp/tracker-demo.XXXXXX)
OPERATOR_PID=
started=$(date +%s)

step() { printf '\n== %s\n' "$*"; }
elapsed() { echo $(( $(date +%s) - $1 )); }

cleanup() {
  [ -n "$OPERATOR_PID" ] && kill "$OPERATOR_PID" 2>/dev/null && wait "$OPERATOR_PID" 2>/dev/null || true
  [ -n "${TAIL_PID:-}" ] && kill "$TAIL_PID" 2>/dev/null || true
  scripts/sandbox-host.sh down "$NAME" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits until the operator's output has a line matching $1 (grep -E) after line $2, at most $3 seconds.
wait_for() {
  local pattern=$1 after=$2 timeout=$3 waited=0
  until tail -n +"$after" "$WORK/operator.out" | grep -Eq "$pattern"; do
    sleep 1
    waited=$((waited + 1))
    if [ "$waited" -ge "$timeout" ]; then
      echo "demo: waited ${timeout}s for: $pattern" >&2
      echo "demo: the operator's log is below" >&2
      tail -n 40 "$WORK/operator.err" >&2
      exit 1
    fi
  done
}
lines() { wc -l < "$WORK/operator.out"; }

step "Installing what is missing (only on the first run)"
scripts/install-prerequisites.sh demo

step "Building the operator (once)"
if [ ! -f "$JAR" ]; then
  mvn -B -q -ntp -DskipTests package
fi
echo "$JAR"

step "Bringing up a sandbox host (network namespace with sshd, UFW and Docker)"
scripts/sandbox-host.sh up "$NAME" > "$WORK/host.env"
host() { grep "^$1=" "$WORK/host.env" | cut -d= -f2-; }
HOST_ADDRESS=$(host ADDRESS); HOST_SSH_PORT=$(host SSH_PORT); HOST_SSH_KEY=$(host SSH_KEY)
HOST_HOST_KEY_FINGERPRINT=$(host HOST_KEY_FINGERPRINT); HOST_IMAGE=$(host IMAGE)
echo "host $HOST_ADDRESS, ssh port $HOST_SSH_PORT, host key $HOST_HOST_KEY_FINGERPRINT"
# No registry is reachable here: a stand-in for torrust/tracker v3.0.0 that does what the image does
# (its entry script, its configuration loader, its API), from scripts/standins/tracker.
scripts/sandbox-host.sh standin "$NAME" tracker torrust/tracker:v3.0.0 v3.0.0

mkdir -p "$WORK/manifests"
{
  echo "apiVersion: v1"
  echo "kind: Secret"
  echo "metadata: {name: tracker-ssh, labels: {tracker.torrust.com/usable: \"true\"}}"
  echo "type: kubernetes.io/ssh-auth"
  echo "stringData:"
  echo "  ssh-privatekey: |"
  sed 's/^/    /' "$HOST_SSH_KEY"
} > "$WORK/manifests/00-ssh-key.yaml"
# The TrackerDeployment of examples/minimal.yaml (user torrust, sudo), aimed at the sandbox host, fully checked every 5 min and watched in between by its change feed.
sed -n '/^apiVersion: tracker.torrust.com/,$p' examples/minimal.yaml \
  | sed -e "s|address: .*|address: $HOST_ADDRESS\n    sshPort: $HOST_SSH_PORT\n    hostKey: \"$HOST_HOST_KEY_FINGERPRINT\"|" \
  > "$WORK/manifests/10-trackerdeployment.yaml"
printf '  resyncInterval: 5m\n  drift: {mode: %s}\n' "$MODE" >> "$WORK/manifests/10-trackerdeployment.yaml"
grep -q "kind: TrackerDeployment" "$WORK/manifests/10-trackerdeployment.yaml"

step "Starting the operator with an in-memory Kubernetes API, applying the TrackerDeployment ($MODE)"
java -jar "$JAR" run --embedded-api --embedded-api-kubeconfig "$WORK/kubeconfig" --apply "$WORK/manifests" --http-port 0 --http-address 127.0.0.1 \
  > "$WORK/operator.out" 2> "$WORK/operator.err" &
OPERATOR_PID=$!
touch "$WORK/operator.out"
tail -n +1 -f "$WORK/operator.out" | sed -u 's/^/  | /' &
TAIL_PID=$!
t0=$(date +%s)
wait_for "demo[a-z0-9-]*: Ready=True" 1 240
ready_after=$(elapsed "$t0")
echo "   -> converged in ${ready_after}s: UFW on, compose project up, tracker answering"
curl -s -o /dev/null -w "   -> the HTTP tracker port 7070 answers from outside (the stand-in image says HTTP %{http_code})\n" "http://$HOST_ADDRESS:7070/" || true

step "kubectl against the embedded API, as you would type it (the kubeconfig holds its token)"
echo "  \$ export KUBECONFIG=$WORK/kubeconfig"
export KUBECONFIG="$WORK/kubeconfig"
echo "  \$ kubectl get td"
kubectl get td 2>&1 | sed 's/^/  /'
echo "  \$ kubectl wait --for=condition=Ready td/demo --timeout=60s"
kubectl wait --for=condition=Ready td/demo --timeout=60s 2>&1 | sed 's/^/  /'

step "Someone starts a container publishing port 9999 (Docker-published ports bypass UFW)"
mark=$(lines)
t0=$(date +%s)
scripts/sandbox-host.sh exec "$NAME" docker run -d --name rogue -p 9999:80 "$HOST_IMAGE" httpd -f -p 80 -h /www >/dev/null
wait_for "DriftDetected.*9999" "$mark" 60
echo "   -> Drifted=True naming port 9999 after $(elapsed "$t0")s: seen by the host's change feed (the full check runs every 5 min)"
echo "   -> the operator never touches a container it does not own: it reports it for a person to decide"

step "The owner removes the rogue container"
mark=$(lines)
t0=$(date +%s)
scripts/sandbox-host.sh exec "$NAME" docker rm -f rogue >/dev/null
wait_for "DriftResolved" "$mark" 60
echo "   -> Drifted=False after $(elapsed "$t0")s"

step "Someone disables the firewall on the host (ufw disable)"
mark=$(lines)
t0=$(date +%s)
scripts/sandbox-host.sh exec "$NAME" ufw --force disable >/dev/null
if [ "$MODE" = Remediate ]; then
  wait_for "ChangesApplied" "$mark" 60
  repaired_after=$(elapsed "$t0")
  scripts/sandbox-host.sh exec "$NAME" ufw status | head -1 | sed 's/^/   -> host says: /'
  echo "   -> repaired by the operator after ${repaired_after}s (Remediate)"
else
  wait_for "DriftDetected.*FirewallInactive" "$mark" 60
  echo "   -> reported after $(elapsed "$t0")s; Report mode leaves the host alone: re-enable it or switch to Remediate"
fi

step "Summary"
echo "drift mode:                $MODE"
echo "first converge:            ${ready_after}s"
echo "whole demo:                $(elapsed "$started")s"
echo "operator log (stderr):     $(wc -l < "$WORK/operator.err") lines; the sandbox host and everything else are removed now"
