package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.render.DesiredHostState;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * One reconcile attempt as it goes through the stages: what it started from, and what each stage added
 * (the admitted spec, the Secrets, the pins, how to reach the host, the desired state). Stages return a
 * new Attempt; none changes one.
 *
 * @param atStart the status when the attempt began: Events describe what changed since
 * @param started System.nanoTime() at the start, for the duration metric
 */
record Attempt(
    TrackerDeployment resource,
    String id,
    long generation,
    TrackerDeploymentStatus atStart,
    long started,
    io.fabric8.kubernetes.client.KubernetesClient client,
    StatusWriter status,
    EventRecorder events,
    TrackerDeployment deployment,
    Secret generated,
    ClusterSecrets lookup,
    DeploymentSecrets values,
    java.util.List<String> secretValues,
    ServerStage.PinStore pins,
    SshTarget target,
    DesiredHostState desired,
    String hash,
    Redaction redaction,
    com.torrust.operator.probe.ProbeReport probe,
    OutsideProbes.Plan probePlan) {

  static Attempt start(TrackerDeployment resource, io.fabric8.kubernetes.client.KubernetesClient client, StatusWriter status,
      EventRecorder events) {
    long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    return new Attempt(resource, resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(), generation,
        resource.getStatus(), System.nanoTime(), client, status, events, null, null, null, null, java.util.List.of(), null, null, null, null,
        Redaction.NONE, null, null);
  }

  Attempt withDeployment(TrackerDeployment next) {
    return new Attempt(resource, id, generation, atStart, started, client, status, events, next, generated, lookup, values, secretValues, pins, target,
        desired, hash, redaction, probe, probePlan);
  }

  Attempt withSecrets(Secret nextGenerated, ClusterSecrets nextLookup, DeploymentSecrets nextValues, java.util.List<String> nextSecretValues,
      ServerStage.PinStore nextPins) {
    return new Attempt(resource, id, generation, atStart, started, client, status, events, deployment, nextGenerated, nextLookup, nextValues,
        java.util.List.copyOf(nextSecretValues), nextPins, target, desired, hash, new Redaction(nextSecretValues), probe, probePlan);
  }

  Attempt withTarget(SshTarget nextTarget, Redaction nextRedaction) {
    return new Attempt(resource, id, generation, atStart, started, client, status, events, deployment, generated, lookup, values, secretValues, pins,
        nextTarget, desired, hash, nextRedaction, probe, probePlan);
  }

  Attempt withRedaction(Redaction nextRedaction) {
    return new Attempt(resource, id, generation, atStart, started, client, status, events, deployment, generated, lookup, values, secretValues, pins,
        target, desired, hash, nextRedaction, probe, probePlan);
  }

  Attempt withDesired(DesiredHostState nextDesired, String nextHash) {
    return new Attempt(resource, id, generation, atStart, started, client, status, events, deployment, generated, lookup, values, secretValues, pins,
        target, nextDesired, nextHash, redaction, probe, probePlan);
  }

  /**
   * With the outside prober's latest report (PENDING before its first try) and what it is to try, which
   * the reconcile registers once the host was looked at (a first try during the first converge would
   * only see services that are not up yet).
   */
  Attempt withProbe(com.torrust.operator.probe.ProbeReport nextProbe, OutsideProbes.Plan nextPlan) {
    return new Attempt(resource, id, generation, atStart, started, client, status, events, deployment, generated, lookup, values, secretValues, pins,
        target, desired, hash, redaction, nextProbe, nextPlan);
  }

  /** The spec's resync interval once admitted, else null (the default). */
  String resyncInterval() {
    return deployment == null ? null : deployment.getSpec().resyncInterval();
  }
}
