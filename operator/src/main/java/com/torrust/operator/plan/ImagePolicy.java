package com.torrust.operator.plan;

import com.torrust.operator.api.Durations;
import com.torrust.operator.api.Images;
import com.torrust.operator.api.ImagesSpec;
import com.torrust.operator.api.VulnerabilitySeverity;
import java.time.Duration;

/**
 * What is done about the images beyond running them: whether each service is held on the image first
 * recorded under its tag, and the vulnerability scans (null when off).
 */
public record ImagePolicy(boolean pinDigests, Scan scan) {

  public static final ImagePolicy DEFAULT = new ImagePolicy(false, null);

  /** Trivy on the host: its image, how often an unchanged image is scanned again, the least severity that is drift. */
  public record Scan(String scanner, Duration interval, VulnerabilitySeverity threshold, Duration timeout) {}

  static ImagePolicy of(ImagesSpec spec) {
    if (spec == null) {
      return DEFAULT;
    }
    Scan scan = null;
    if (spec.scanning()) {
      var s = spec.scan();
      scan = new Scan(s.scanner() == null ? Images.TRIVY : s.scanner(), Durations.parse(s.interval() == null ? "24h" : s.interval()),
          s.threshold() == null ? VulnerabilitySeverity.High : s.threshold(), Durations.parse(s.timeout() == null ? "15m" : s.timeout()));
    }
    return new ImagePolicy(spec.pinned(), scan);
  }
}
