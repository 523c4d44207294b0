#!/usr/bin/env bash
# Runs every test of the project: `mvn -B verify` (unit tests, CRD and admission tests, CLI tests,
# end-to-end tests on sandbox hosts).
# Installs what the tests need when it is missing (scripts/install-prerequisites.sh test: a JDK 17,
# Maven, the real judges of rendered files, the sandbox hosts' tools), so it works on a fresh machine;
# Maven fetches its own dependencies. Sandbox-host tests need root; run as another user they are skipped with the reason. Extra arguments go to Maven, e.g. -Dtest=AdmissionTest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh test

exec mvn -B -ntp verify "$@"
