package com.torrust.operator.converge;

import com.torrust.operator.drift.ImageDrift;
import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.ShellWords;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.observe.ImageRecord;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ObservationScript;
import com.torrust.operator.observe.ScanSummary;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.ImagePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * After a converge: the deploy-time image record brought up to date, and the vulnerability scans that
 * are due. Deciding is pure ({@link #record}, {@link #scansDue}); doing is one command each.
 */
public final class ImageUpkeep {

  private ImageUpkeep() {}

  /**
   * The record as it should be after this converge, or empty when the one on the host is right (or could
   * not be read: a record nobody can read is never overwritten, as that would accept whatever runs now).
   * A service gets an entry when it has none or its reference changed in the spec; with {@code accept}
   * (a value other than the recorded one) every running image is recorded as it runs now.
   */
  public static Optional<ImageRecord> record(HostPlan plan, Observation observed, String accept, Instant now) {
    if (observed.images() == null || observed.images().record() == null) {
      return Optional.empty();
    }
    ImageRecord current = observed.images().record();
    boolean accepting = accept != null && !accept.equals(current.accepted());
    Map<String, ImageRecord.Entry> next = new TreeMap<>();
    for (ImageDrift.Running r : ImageDrift.running(plan, observed)) {
      ImageRecord.Entry old = current.entries().get(r.service());
      boolean keep = old != null && old.reference().equals(r.reference()) && (!accepting || old.imageId().equals(r.imageId()));
      next.put(r.service(), keep ? old : new ImageRecord.Entry(r.reference(), r.imageId(), r.repoDigest(), now));
    }
    // A planned service that is not running keeps its entry: a stopped tracker's tag is still watched.
    for (var e : current.entries().entrySet()) {
      if (!next.containsKey(e.getKey()) && plan.service(e.getKey()).map(s -> s.image().equals(e.getValue().reference())).orElse(false)) {
        next.put(e.getKey(), e.getValue());
      }
    }
    ImageRecord updated = new ImageRecord(next, accepting ? accept : current.accepted());
    return updated.equals(current) ? Optional.empty() : Optional.of(updated);
  }

  /** Writes the record atomically (root's, 0644: it holds no secret). */
  public static void write(SshConnection connection, ImageRecord record) throws HostAccessException, ConvergeException {
    String path = ImageRecord.PATH;
    String dir = path.substring(0, path.lastIndexOf('/'));
    String tmp = dir + "/" + ObservationScript.TEMPORARY_PREFIX + "images";
    CommandResult result = connection.run(SshConnection.SCRIPT_ENVIRONMENT + "umask 022 && mkdir -p " + dir + " && [ ! -L " + dir + " ] && printf '%s' "
        + ShellWords.quote(record.render()) + " > " + tmp + " && mv -f " + tmp + " " + path + "\n");
    if (result.exitCode() != 0) {
      throw new ConvergeException("Images: the image record " + path + " could not be written (exit " + result.exitCode() + ")");
    }
  }

  /** One scan to run: the service, the reference its container was created from, the image it runs. */
  public record DueScan(String service, String reference, String imageId) {}

  /** The running images without a current scan: never scanned, another image since, or older than the interval. */
  public static List<DueScan> scansDue(HostPlan plan, Observation observed, Instant now) {
    ImagePolicy.Scan scan = plan.images().scan();
    List<DueScan> out = new ArrayList<>();
    if (scan == null || observed.images() == null) {
      return out;
    }
    for (ImageDrift.Running r : ImageDrift.running(plan, observed)) {
      ScanSummary last = observed.images().scans().get(r.service());
      if (last == null || !last.imageId().equals(r.imageId()) || !last.scannedAt().plus(scan.interval()).isAfter(now)) {
        out.add(new DueScan(r.service(), r.reference(), r.imageId()));
      }
    }
    return out;
  }

  /** Reports larger than this are kept on the host but not summarised (the command output cap is 8 MiB). */
  static final long MAX_REPORT_BYTES = 6L * 1024 * 1024;

  /**
   * Runs one scan with Trivy's image on the host and writes its summary. A scan that fails, or whose
   * report cannot be read, is a summary too (with the reason), so status says why there is no result.
   */
  public static ScanSummary scan(SshConnection connection, ImagePolicy.Scan scan, DueScan due, Instant now, Consumer<String> progress)
      throws HostAccessException, ConvergeException {
    progress.accept("Images: scanning " + due.reference() + " (" + due.service() + ") with " + scan.scanner());
    String dir = ScanSummary.DIRECTORY;
    String report = dir + "/" + due.service() + ".json";
    String tmp = dir + "/" + ObservationScript.TEMPORARY_PREFIX + due.service() + ".json";
    String err = dir + "/" + ObservationScript.TEMPORARY_PREFIX + due.service() + ".err";
    long seconds = scan.timeout().toSeconds();
    String script = SshConnection.SCRIPT_ENVIRONMENT
        + "umask 077 && mkdir -p " + dir + " " + ObservationScript.TRIVY_CACHE + " && [ ! -L " + dir + " ] || exit 90\n"
        + "docker run --rm -v /var/run/docker.sock:/var/run/docker.sock:ro -v " + ObservationScript.TRIVY_CACHE + ":/cache "
        + ShellWords.quote(scan.scanner()) + " image --cache-dir /cache --scanners vuln --format json --quiet --timeout " + seconds + "s "
        + ShellWords.quote(due.reference()) + " > " + tmp + " 2> " + err + "\n"
        + "r=$?\n"
        + "if [ $r -ne 0 ]; then echo \"failed $r\"; tail -c 1500 " + err + "; rm -f " + tmp + " " + err + "; exit 0; fi\n"
        + "mv -f " + tmp + " " + report + "; rm -f " + err + "\n"
        + "s=$(wc -c < " + report + ")\n"
        + "echo \"size $s\"\n"
        + "[ \"$s\" -gt " + MAX_REPORT_BYTES + " ] || cat " + report + "\n";
    CommandResult result;
    try {
      result = connection.run(script, scan.timeout().plus(Duration.ofMinutes(1)));
    } catch (HostAccessException e) {
      if (e.reason() != HostAccessException.Reason.CommandTimedOut && e.reason() != HostAccessException.Reason.OutputTooLarge) {
        throw e;
      }
      result = new CommandResult(0, "failed " + e.reason() + "\n" + e.getMessage(), "");
    }
    ScanSummary summary;
    String out = result.stdout();
    int newline = out.indexOf('\n');
    String first = newline < 0 ? out.strip() : out.substring(0, newline);
    String rest = newline < 0 ? "" : out.substring(newline + 1);
    if (result.exitCode() == 90) {
      throw new ConvergeException("Images: " + dir + " is a link; no scan was run");
    } else if (result.exitCode() != 0) {
      summary = failed(due, now, "the scan command failed (exit " + result.exitCode() + ")");
    } else if (first.startsWith("failed ")) {
      String code = first.substring("failed ".length()).strip();
      summary = failed(due, now, (code.matches("[0-9]+") ? "Trivy exit " + code : "Trivy " + code) + ": " + TrivyReport.lastLine(rest));
    } else if (first.matches("size [0-9]{1,12}")) {
      long size = Long.parseLong(first.substring(5));
      if (size > MAX_REPORT_BYTES) {
        summary = failed(due, now, "the report is larger than " + MAX_REPORT_BYTES / (1024 * 1024) + " MiB and was not summarised; it is " + report);
      } else {
        try {
          summary = new ScanSummary(due.service(), due.imageId(), now, TrivyReport.counts(rest), null);
        } catch (IllegalArgumentException e) {
          summary = failed(due, now, "the report could not be read: " + e.getMessage());
        }
      }
    } else {
      summary = failed(due, now, "the scan printed something unexpected");
    }
    CommandResult wrote = connection.run(SshConnection.SCRIPT_ENVIRONMENT + "umask 077 && printf '%s' " + ShellWords.quote(summary.render()) + " > "
        + dir + "/" + ObservationScript.TEMPORARY_PREFIX + due.service() + ".summary && mv -f " + dir + "/" + ObservationScript.TEMPORARY_PREFIX
        + due.service() + ".summary " + dir + "/" + due.service() + ".summary\n");
    if (wrote.exitCode() != 0) {
      throw new ConvergeException("Images: the scan summary of " + due.service() + " could not be written (exit " + wrote.exitCode() + ")");
    }
    progress.accept("Images: " + due.service() + ": " + (summary.error() != null ? "no result: " + summary.error()
        : summary.counts()[0] + " critical, " + summary.counts()[1] + " high, " + summary.counts()[2] + " medium, " + summary.counts()[3] + " low"));
    return summary;
  }

  private static ScanSummary failed(DueScan due, Instant now, String why) {
    return new ScanSummary(due.service(), due.imageId(), now, null, ScanSummary.safe(why));
  }
}
