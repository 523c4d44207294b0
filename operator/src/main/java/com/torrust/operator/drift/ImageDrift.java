package com.torrust.operator.drift;

import com.torrust.operator.api.VulnerabilitySeverity;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.ImageRecord;
import com.torrust.operator.observe.ImageState;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ScanSummary;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.render.FileRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs against what was deployed: a tag that now points at another image than the one recorded at
 * deploy time, and the vulnerability scans of the running images.
 */
public final class ImageDrift {

  /** Annotation whose new value accepts the images running now as the deployed ones (GitOps-friendly: any new value). */
  public static final String ACCEPT_ANNOTATION = "tracker.torrust.com/accept-images";

  private ImageDrift() {}

  /** The image one planned service runs now. @param repoDigest its registry digest for the reference's repository, or null */
  public record Running(String service, String container, String reference, String imageId, String repoDigest) {}

  /** A service running another image under its tag than the recorded one. */
  public record Changed(Running running, ImageRecord.Entry recorded) {}

  /** The running containers of the planned long-running services that run their planned reference, one per service. */
  public static List<Running> running(HostPlan plan, Observation observed) {
    ImageState images = observed.images();
    List<Running> out = new ArrayList<>();
    if (images == null) {
      return out;
    }
    for (ComposeService service : plan.services()) {
      if (!service.longRunning()) {
        continue;
      }
      for (ContainerInfo c : observed.containersOf(FileRenderer.COMPOSE_PROJECT, service.name())) {
        String id = images.imageByContainer().get(c.name());
        if (c.running() && id != null && service.image().equals(c.image())) {
          out.add(new Running(service.name(), c.name(), c.image(), id, images.repoDigest(id, c.image())));
          break;
        }
      }
    }
    return out;
  }

  /** The services whose tag now points at another image than recorded (the spec's reference unchanged). */
  public static List<Changed> changed(HostPlan plan, Observation observed) {
    List<Changed> out = new ArrayList<>();
    if (observed.images() == null || observed.images().record() == null) {
      return out;
    }
    for (Running r : running(plan, observed)) {
      ImageRecord.Entry recorded = observed.images().record().entries().get(r.service());
      if (recorded != null && recorded.reference().equals(r.reference()) && !recorded.imageId().equals(r.imageId())) {
        out.add(new Changed(r, recorded));
      }
    }
    return out;
  }

  static List<Finding> findings(HostPlan plan, Observation observed) {
    List<Finding> out = new ArrayList<>();
    for (Changed c : changed(plan, observed)) {
      Running r = c.running();
      String remedy = plan.images().pinDigests()
          ? " spec.images.pinDigests is on: apply puts the tag back on the recorded image and recreates " + r.service() + "."
          : " If it is meant, accept it (set the annotation " + ACCEPT_ANNOTATION + " to a new value, or apply --accept-images);"
              + " to hold the recorded image, set spec.images.pinDigests.";
      out.add(new Finding(DriftKind.ImageChanged, Severity.Warning, null, null, null, r.container(),
          "Service " + r.service() + " runs " + r.reference() + " as image " + shortId(r.imageId()) + describeDigest(r.repoDigest())
              + ", not the image " + shortId(c.recorded().imageId()) + describeDigest(c.recorded().repoDigest()) + " recorded when it was"
              + " deployed (" + c.recorded().recordedAt() + "): the tag points at another image now, with no change to the spec." + remedy));
    }
    var scan = plan.images().scan();
    if (scan == null || observed.images() == null) {
      return out;
    }
    for (Running r : running(plan, observed)) {
      ScanSummary summary = observed.images().scans().get(r.service());
      if (summary == null || !summary.imageId().equals(r.imageId())) {
        out.add(new Finding(DriftKind.ImageNotScanned, Severity.Info, null, null, null, r.container(),
            "Image " + r.reference() + " (" + shortId(r.imageId()) + ") of " + r.service() + " has not been scanned yet: the next converge"
                + " scans it with " + scan.scanner() + "."));
      } else if (summary.error() != null) {
        out.add(new Finding(DriftKind.ImageNotScanned, Severity.Warning, null, null, null, r.container(),
            "No vulnerability scan of " + r.reference() + " (" + r.service() + ") could run at " + summary.scannedAt() + ": " + summary.error()
                + ". It is tried again on the next converge after " + scan.interval().toHours() + "h."));
      } else {
        String counts = atOrAbove(summary, scan.threshold());
        if (!counts.isEmpty()) {
          out.add(new Finding(DriftKind.ImageVulnerable, Severity.Warning, null, null, null, r.container(),
              "Image " + r.reference() + " of " + r.service() + " has " + counts + " (threshold " + scan.threshold() + "; scanned "
                  + summary.scannedAt() + "). The full report is " + summary.reportPath() + " on the host; a fixed version in the spec"
                  + " clears this."));
        }
      }
    }
    return out;
  }

  /** What status.host.images shows: each running planned service's image, its record and last scan. */
  public static List<com.torrust.operator.api.ImageStatus> statuses(HostPlan plan, Observation observed) {
    List<com.torrust.operator.api.ImageStatus> out = new ArrayList<>();
    if (observed.images() == null) {
      return out;
    }
    ImageState images = observed.images();
    for (Running r : running(plan, observed)) {
      ImageRecord.Entry recorded = images.record() == null ? null : images.record().entries().get(r.service());
      boolean same = recorded != null && recorded.reference().equals(r.reference());
      ScanSummary summary = images.scans().get(r.service());
      com.torrust.operator.api.ImageScanStatus scan = null;
      if (summary != null && summary.imageId().equals(r.imageId())) {
        int[] c = summary.counts();
        scan = new com.torrust.operator.api.ImageScanStatus(summary.scannedAt().toString(),
            images.databaseUpdatedAt() == null ? null : images.databaseUpdatedAt().toString(),
            c == null ? null : c[0], c == null ? null : c[1], c == null ? null : c[2], c == null ? null : c[3], c == null ? null : c[4],
            summary.error(), summary.error() == null ? summary.reportPath() : null);
      }
      out.add(new com.torrust.operator.api.ImageStatus(r.service(), r.reference(), r.imageId(), r.repoDigest(),
          same ? recorded.recordedAt().toString() : null, same && !recorded.imageId().equals(r.imageId()) ? recorded.imageId() : null, scan));
    }
    return out;
  }

  /** "2 CRITICAL, 5 HIGH": the counts at or above the threshold, empty when there are none. */
  static String atOrAbove(ScanSummary summary, VulnerabilitySeverity threshold) {
    List<String> parts = new ArrayList<>();
    for (VulnerabilitySeverity s : VulnerabilitySeverity.values()) {
      int n = summary.counts()[s.ordinal()];
      if (s.atLeast(threshold) && n > 0) {
        parts.add(n + " " + s.name().toUpperCase(java.util.Locale.ROOT) + (n == 1 ? " vulnerability" : " vulnerabilities"));
      }
    }
    return String.join(", ", parts);
  }

  static String shortId(String imageId) {
    return imageId.substring(0, Math.min(imageId.length(), "sha256:".length() + 12));
  }

  private static String describeDigest(String repoDigest) {
    return repoDigest == null ? "" : " (" + repoDigest.substring(repoDigest.indexOf('@') + 1, Math.min(repoDigest.length(), repoDigest.indexOf('@') + 20)) + ")";
  }
}
