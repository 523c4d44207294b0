package com.torrust.operator.observe;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary of one service's last vulnerability scan, one line in
 * /var/lib/tracker-operator/scans/SERVICE.summary written by the operator after it read Trivy's report
 * (the full report lies beside it, SERVICE.json).
 *
 * @param counts CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN; null when the scan failed
 * @param error why there is no result, or null
 */
public record ScanSummary(String service, String imageId, Instant scannedAt, int[] counts, String error) {

  public static final String DIRECTORY = "/var/lib/tracker-operator/scans";
  /** What an error message may hold once written: nothing a shell, a terminal or YAML reads specially. */
  private static final Pattern SAFE = Pattern.compile("[^A-Za-z0-9 .,:/()_'+=-]");
  private static final Pattern LINE = Pattern.compile(
      "^v1 ([a-z][a-z0-9-]{0,31}) (sha256:[a-f0-9]{64}) ([0-9]{1,12}) (?:ok ([0-9]{1,7}) ([0-9]{1,7}) ([0-9]{1,7}) ([0-9]{1,7}) ([0-9]{1,7})"
          + "|error ([A-Za-z0-9 .,:/()_'+=?-]{1,300}))$");

  public static ScanSummary parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a scan summary line");
    }
    Instant at = Instant.ofEpochSecond(Long.parseLong(m.group(3)));
    if (m.group(9) != null) {
      return new ScanSummary(m.group(1), m.group(2), at, null, m.group(9));
    }
    int[] counts = new int[5];
    for (int i = 0; i < 5; i++) {
      counts[i] = Integer.parseInt(m.group(4 + i));
    }
    return new ScanSummary(m.group(1), m.group(2), at, counts, null);
  }

  public String render() {
    String head = "v1 " + service + " " + imageId + " " + scannedAt.getEpochSecond() + " ";
    if (counts == null) {
      return head + "error " + safe(error) + "\n";
    }
    return head + "ok " + counts[0] + " " + counts[1] + " " + counts[2] + " " + counts[3] + " " + counts[4] + "\n";
  }

  /** A message as a summary line can carry it: other characters become '?', at most 300. */
  public static String safe(String message) {
    String s = SAFE.matcher(message == null || message.isBlank() ? "unknown error" : message.strip()).replaceAll("?");
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }

  public String reportPath() {
    return DIRECTORY + "/" + service + ".json";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScanSummary other && service.equals(other.service) && imageId.equals(other.imageId) && scannedAt.equals(other.scannedAt)
        && java.util.Arrays.equals(counts, other.counts) && java.util.Objects.equals(error, other.error);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(service, imageId, scannedAt, java.util.Arrays.hashCode(counts), error);
  }

  @Override
  public String toString() {
    return render().strip();
  }
}
