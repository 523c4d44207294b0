#!/usr/bin/env bash
# Regenerates the CRD from the API classes and copies it to crds/ and to the Helm chart (files/crds/, rendered by templates/crds.yaml), where
# it is committed, then regenerates docs/reference.md from it. Run it after changing anything under
# operator/src/main/java/com/torrust/operator/api/; CrdTest, HelmChartTest and CrdReferenceTest fail
# until the committed files match.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests -pl operator process-classes
cp operator/target/classes/META-INF/fabric8/trackerdeployments.tracker.torrust.com-v1.yml \
  crds/trackerdeployments.tracker.torrust.com-v1.yml
cp crds/trackerdeployments.tracker.torrust.com-v1.yml helm/tracker-operator/files/crds/trackerdeployments.tracker.torrust.com-v1.yml
mvn -B -q -ntp -pl operator test -Dtest=CrdReferenceTest -Dupdate.docs=true -Dsurefire.failIfNoSpecifiedTests=false
echo "crds/, helm/tracker-operator/files/crds/ and docs/reference.md updated"
