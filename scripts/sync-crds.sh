#!/usr/bin/env bash
# Regenerates the CRD from the API classes and copies it to crds/, where it is committed.
# Run it after changing anything under operator/src/main/java/com/torrust/operator/api/;
# CrdInSyncTest fails until the committed file matches the generated one.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests -pl operator process-classes
cp operator/target/classes/META-INF/fabric8/trackerdeployments.tracker.torrust.com-v1.yml \
  crds/trackerdeployments.tracker.torrust.com-v1.yml
cp crds/trackerdeployments.tracker.torrust.com-v1.yml helm/tracker-operator/crds/trackerdeployments.tracker.torrust.com-v1.yml
echo "crds/ and helm/tracker-operator/crds/ updated"
