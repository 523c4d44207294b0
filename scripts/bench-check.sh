#!/usr/bin/env bash
# Benchmark (not a test): wall time of one check against a real sandbox host, on a warm connection
# and on a fresh one. Prints median, min and max over ROUNDS (default 30). Needs root, like the
# sandbox hosts. Usage: scripts/bench-check.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench-check: needs root (sandbox hosts are network namespaces)" >&2; exit 1; }
mvn -B -q -ntp -DskipTests -Denforcer.skip test-compile
cp_file=$(mktemp)
mvn -B -q -ntp -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
name="bench$$"
env_file=$(mktemp)
trap 'bash scripts/sandbox-host.sh down "$name" >/dev/null 2>&1 || true; rm -f "$cp_file" "$env_file"' EXIT
bash scripts/sandbox-host.sh up "$name" > "$env_file"
SANDBOX_ENV="$env_file" java -Dproject.root="$PWD" -cp "operator/target/test-classes:operator/target/classes:$(cat "$cp_file")" \
  com.torrust.operator.bench.CheckBenchmark "${1:-30}"
