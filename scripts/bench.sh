#!/usr/bin/env bash
# Benchmarks (not tests): the operator side by side with raw OpenSSH and Ansible, and one operator
# process at scale, against real sandbox hosts. Prints median, min and max of each figure and the
# ratios measured in the same run; docs/benchmarks.md records a run with its machine and date.
#
#   scripts/bench.sh [--only compare|scale|secrets|probe|feeds] [--rounds N] [--ansible-rounds N] [--sizes 10,100,500] [--shards 1,2] [--warm-rounds N] [--feeds N]
#                    [--operator-java JAVA_HOME]
#
#   compare  1. check of a converged host: operator vs OpenSSH ControlMaster vs ansible-playbook --check
#            2. converge of a fresh host: operator vs ansible-playbook   (--rounds 20, --ansible-rounds 5)
#   scale    3. N TrackerDeployments in one operator process (the jar, --embedded-api): full resync time,
#               reconciles/s, API requests and SSH connections per resource, resident memory, CPU; every
#               resource's address answers each check with one recorded observation of the real host
#               (OpenSSH with a ForceCommand): the operator's side alone (--sizes 10,100,500, --warm-rounds 3);
#               --shards 1,2 measures each size with one process and with two shards (run --label-selector,
#               the second process against the first one's embedded API)
#            4. drift latency and 5. process start to first Ready=True, idle memory, on the real host
#            --operator-java: run the operator on that JVM (e.g. Temurin 25: virtual threads)
#   secrets  what other tenants' Secrets cost: Secret objects and heap of the operator with 0 and 2,000
#            unrelated 8 KiB Secrets in the cluster (only with --only secrets)
#   probe    one outside probe of a deployed minimal example: wall and CPU time, beside curl and bash
#            making the same TCP tries (only with --only probe; --rounds N, default 10 here)
#   feeds    what a change feed costs a host at rest and how soon it reports a change: the polling loop
#            against the event program (only with --only feeds; --feeds N feeds on one host, default 20
#            here; --rounds N, default 5 here)
#
# Needs root (sandbox hosts are network namespaces); installs Debian's ansible when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
only="" rounds=20 ansible_rounds=5 sizes=10,100,500 shards=1 warm_rounds=3 feeds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --ansible-rounds) ansible_rounds=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --warm-rounds) warm_rounds=$2; shift 2 ;;
    --feeds) feeds=$2; shift 2 ;;
    --operator-java) BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dbench.operator.java=$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$only" in ""|compare|scale|secrets|probe|feeds) ;; *) echo "bench: --only takes compare, scale, secrets, probe or feeds" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root (sandbox hosts are network namespaces)" >&2; exit 1; }
if [ "$only" != scale ] && [ "$only" != secrets ] && [ "$only" != probe ] && [ "$only" != feeds ] && ! command -v ansible-playbook >/dev/null 2>&1; then
  echo "bench: installing Debian's ansible (for the comparison)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ansible >/dev/null
fi
scripts/install-prerequisites.sh demo
echo "bench: building the jar and the benchmark classes"
mvn -B -q -ntp -DskipTests -Denforcer.skip package
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -ntp -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
run() { java -Dproject.root="$PWD" ${BENCH_JAVA_OPTS:-} -cp "operator/target/test-classes:operator/target/classes:$(cat "$cp_file")" "$@"; }
if [ "$only" = secrets ]; then
  run com.torrust.operator.bench.SecretCacheBenchmark
  exit 0
fi
if [ "$only" = feeds ]; then
  run com.torrust.operator.bench.FeedBenchmark "$feeds" "$( [ "$rounds" = 20 ] && echo 5 || echo "$rounds")"
  exit 0
fi
if [ "$only" = probe ]; then
  run com.torrust.operator.bench.ProbeBenchmark "$( [ "$rounds" = 20 ] && echo 10 || echo "$rounds")"
  exit 0
fi
if [ "$only" != scale ]; then
  run com.torrust.operator.bench.ComparisonBenchmark "$rounds" "$ansible_rounds"
  echo
fi
if [ "$only" != compare ]; then
  run com.torrust.operator.bench.ScaleBenchmark "$sizes" "$warm_rounds" "$shards"
fi
