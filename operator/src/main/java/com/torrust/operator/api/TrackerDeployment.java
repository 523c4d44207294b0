package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Torrust tracker on one virtual machine, kept in the state its spec describes.
 *
 * <p>The operator converges the host over SSH to the spec and reports in the status where the host
 * differs from it (drift).
 */
@Group(TrackerDeployment.GROUP)
@Version(TrackerDeployment.VERSION)
@Kind("TrackerDeployment")
@Plural("trackerdeployments")
@Singular("trackerdeployment")
@ShortNames("td")
@io.fabric8.kubernetes.model.annotation.Categories("torrust")
@AdditionalPrinterColumn(
    name = "Ready",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Drifted",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Drifted\")].status")
@AdditionalPrinterColumn(name = "Host", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.host.address")
@AdditionalPrinterColumn(name = "Server", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.server.ipv4", priority = 1)
@AdditionalPrinterColumn(name = "Serving", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Serving\")].status", priority = 1)
@AdditionalPrinterColumn(name = "Message", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class TrackerDeployment extends CustomResource<TrackerDeploymentSpec, TrackerDeploymentStatus>
    implements Namespaced {

  public static final String GROUP = "tracker.torrust.com";
  public static final String VERSION = "v1alpha1";
  /** What {@code kubectl explain trackerdeployment} says about the kind (added to the CRD by CrdPolish). */
  public static final String DESCRIPTION = "A Torrust BitTorrent tracker on one virtual machine, kept in the state its spec describes:"
      + " the operator converges the host over SSH (firewall, files, Docker services), reports in status where the host"
      + " differs from the spec (drift) and whether its endpoints serve from outside.";
  /** Name of the CRD, as the generator writes it and as the API server knows it. */
  public static final String CRD_NAME = "trackerdeployments." + GROUP;

  @Override
  @JsonPropertyDescription("The desired state: the host, its firewall, and which tracker services are exposed how.")
  public TrackerDeploymentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("The observed state, written by the operator: conditions, host facts, public endpoints and drift.")
  public TrackerDeploymentStatus getStatus() {
    return super.getStatus();
  }
}
