package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A server the operator creates in Hetzner Cloud for this deployment. */
@ValidationRule(
    value = "!has(self.labels) || self.labels.all(k, k.matches(r'" + Formats.HETZNER_LABEL_KEY + "'))",
    message = "label keys are an optional DNS-name prefix and '/', then 1-63 of letters, digits, '-', '_' and '.' that start and end"
        + " with a letter or digit",
    fieldPath = ".labels")
@ValidationRule(
    value = "!has(self.labels) || self.labels.all(k, self.labels[k].matches(r'" + Formats.HETZNER_LABEL_VALUE + "'))",
    message = "label values are empty or 1-63 of letters, digits, '-', '_' and '.' that start and end with a letter or digit",
    fieldPath = ".labels")
@ValidationRule(
    value = "!has(self.labels) || self.labels.all(k, !k.startsWith('" + TrackerDeployment.GROUP + "/'))",
    message = "keys under " + TrackerDeployment.GROUP + "/ are set by the operator (they find the server again)",
    fieldPath = ".labels")
@ValidationRule(
    value = "!(self.serverType in " + HetznerSpec.REMOVED_TYPES + ")",
    message = "this server type no longer exists in Hetzner Cloud (CX Gen 1 and 2 and CPX Gen 1 were removed by the start of 2026);"
        + " use a current type such as cx23, cpx22 or cax11",
    fieldPath = ".serverType")
public record HetznerSpec(
    @JsonPropertyDescription(
            "Secret key holding a Hetzner Cloud API token (read and write) of the project the server is created in.")
        @Required
        SecretKeyRef tokenSecretRef,
    @JsonPropertyDescription(
            "Server type, e.g. cx23, cpx22 or cax11 (Arm: the image's Arm build is used). Types Hetzner Cloud removed (cx11-cx52,"
                + " cpx11-cpx51) are refused; the operator asks the API whether the type exists and is sold in the location before"
                + " creating. Changing it later does not resize an existing server.")
        @Required
        @Size(min = 1, max = 63)
        @Pattern(Formats.HETZNER_NAME_PATTERN)
        String serverType,
    @JsonPropertyDescription(
            "Location, e.g. nbg1, fsn1, hel1, ash, hil or sin. Changing it later does not move an existing server.")
        @Required
        @Size(min = 1, max = 63)
        @Pattern(Formats.HETZNER_NAME_PATTERN)
        String location,
    @JsonPropertyDescription(
            "Image name, e.g. ubuntu-24.04 (default) or debian-12. Changing it later does not rebuild an existing server.")
        @Default("ubuntu-24.04")
        @Size(min = 1, max = 63)
        @Pattern(Formats.HETZNER_NAME_PATTERN)
        String image,
    @JsonPropertyDescription(
            "Labels put on the server in Hetzner Cloud, in addition to the operator's own"
                + " (tracker.torrust.com/uid, /namespace, /name), which find the server again.")
        Map<String, String> labels) {

  /**
   * Server types Hetzner Cloud no longer sells (a create is refused with invalid_input): CX Gen 1, CX Gen 2
   * and CPX Gen 1, as the Terraform provider's and the official clients' docs moved to cx23 and cpx22.
   */
  static final String REMOVED_TYPES = "['cx11', 'cx21', 'cx31', 'cx41', 'cx51', 'cx22', 'cx32', 'cx42', 'cx52',"
      + " 'cpx11', 'cpx21', 'cpx31', 'cpx41', 'cpx51']";
}
