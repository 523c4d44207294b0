#!/usr/bin/env bash
# Benchmarks (not tests): the operator side by side with raw OpenSSH and Ansible, in one run, against
# real sandbox hosts; prints median, min and max of each figure and the ratios. Results go into
# docs/benchmarks.md by hand, with the machine and the date the output prints.
#
#   scripts/bench.sh [ROUNDS [ANSIBLE_ROUNDS]]     defaults 20 and 5
#
# Needs root (sandbox hosts are network namespaces); installs Debian's ansible when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root (sandbox hosts are network namespaces)" >&2; exit 1; }
if ! command -v ansible-playbook >/dev/null 2>&1; then
  echo "bench: installing Debian's ansible (for the comparison)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ansible >/dev/null
fi
mvn -B -q -ntp -DskipTests -Denforcer.skip test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -ntp -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
java -Dproject.root="$PWD" -cp "operator/target/test-classes:operator/target/classes:$(cat "$cp_file")" \
  com.torrust.operator.bench.ComparisonBenchmark "${1:-20}" "${2:-5}"
