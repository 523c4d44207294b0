package com.torrust.operator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.ImageUpkeep;
import com.torrust.operator.observe.ImageRecord;
import com.torrust.operator.observe.ImageState;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ScanSummary;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.render.DesiredHostState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The deploy-time record against what runs (a moved tag), the pin that puts it back, and the scans' findings. */
class ImageDriftTest {

  private static final String OLD = "sha256:" + "a".repeat(64);
  private static final String NEW = "sha256:" + "b".repeat(64);
  private static final Instant DEPLOYED = Instant.parse("2026-11-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private static DesiredHostState desired(Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
    var spec = Specs.minimal(change).getSpec();
    return new com.torrust.operator.render.FileRenderer().render(com.torrust.operator.plan.Planner.plan("demo", spec), spec,
        new com.torrust.operator.plan.DeploymentSecrets("t", "p", "r", "u", "g"));
  }

  /** Every running container on {@code id}, with this record and these scans. */
  private static Observation seen(DesiredHostState desired, String id, ImageRecord record, Map<String, ScanSummary> scans) {
    Observation converged = DriftEngineTest.converged(desired);
    Map<String, String> byContainer = new HashMap<>();
    converged.containers().forEach(c -> byContainer.put(c.name(), id));
    return converged.withImages(new ImageState(byContainer, Map.of(id, List.of("torrust/tracker@sha256:" + "c".repeat(64))), record, scans,
        NOW.minusSeconds(3600)));
  }

  private static ImageRecord recorded(DesiredHostState desired, String id) {
    Map<String, ImageRecord.Entry> entries = new HashMap<>();
    for (ComposeService s : desired.plan().services()) {
      if (s.longRunning()) {
        entries.put(s.name(), new ImageRecord.Entry(s.image(), id, null, DEPLOYED));
      }
    }
    return new ImageRecord(entries, null);
  }

  @Test
  void aTagThatMovedWithoutASpecChangeIsDriftAndThePinPutsItBack() {
    DesiredHostState plain = desired(s -> {});
    Observation moved = seen(plain, NEW, recorded(plain, OLD), Map.of());

    assertThat(DriftEngine.findings(plain, moved, List.of())).filteredOn(f -> f.kind() == DriftKind.ImageChanged).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("runs torrust/tracker:v3.0.0 as image sha256:bbbbbbbbbbbb", "not the image sha256:aaaaaaaaaaaa",
            "2026-11-01T10:00:00Z", "tracker.torrust.com/accept-images", "pinDigests"));
    assertThat(ConvergePlanner.plan(plain, moved, List.of()).actions()).isEmpty(); // reported, left running
    assertThat(ImageUpkeep.record(plain.plan(), moved, null, NOW)).isEmpty(); // the baseline stays

    DesiredHostState pinned = desired(s -> s.putObject("images").put("pinDigests", true));
    Observation movedPinned = seen(pinned, NEW, recorded(pinned, OLD), Map.of());
    assertThat(ConvergePlanner.plan(pinned, movedPinned, List.of()).actions()).singleElement().satisfies(a -> {
      assertThat(a.description()).isEqualTo("put tracker back on the image recorded at deploy time (spec.images.pinDigests)");
      assertThat(a.script()).contains("docker image inspect " + OLD, "docker tag " + OLD + " 'torrust/tracker:v3.0.0'",
          "up -d --no-deps --force-recreate tracker");
    });
  }

  @Test
  void acceptingRecordsWhatRunsOnceAndANewTagInTheSpecIsRecordedAnew() {
    DesiredHostState plain = desired(s -> {});
    Observation moved = seen(plain, NEW, recorded(plain, OLD), Map.of());

    ImageRecord accepted = ImageUpkeep.record(plain.plan(), moved, "2026-11-30", NOW).orElseThrow();
    assertThat(accepted.entries().get("tracker").imageId()).isEqualTo(NEW);
    assertThat(accepted.accepted()).isEqualTo("2026-11-30");
    assertThat(ImageRecord.parse(accepted.render())).isEqualTo(accepted);
    // The same value again accepts nothing more: an annotation left in place is not a standing acceptance.
    assertThat(ImageUpkeep.record(plain.plan(), seen(plain, NEW, accepted, Map.of()), "2026-11-30", NOW)).isEmpty();

    DesiredHostState upgraded = desired(s -> ((com.fasterxml.jackson.databind.node.ObjectNode) s.get("tracker")).put("image", "torrust/tracker:v3.0.1"));
    ImageRecord anew = ImageUpkeep.record(upgraded.plan(), seen(upgraded, NEW, recorded(plain, OLD), Map.of()), null, NOW).orElseThrow();
    assertThat(anew.entries().get("tracker")).isEqualTo(new ImageRecord.Entry("torrust/tracker:v3.0.1", NEW, "torrust/tracker@sha256:" + "c".repeat(64), NOW));

    ImageRecord first = ImageUpkeep.record(plain.plan(), seen(plain, NEW, ImageRecord.EMPTY, Map.of()), null, NOW).orElseThrow();
    assertThat(first.entries().get("tracker").repoDigest()).isEqualTo("torrust/tracker@sha256:" + "c".repeat(64));
    // A record that cannot be read is never overwritten: that would accept whatever runs now.
    assertThat(ImageUpkeep.record(plain.plan(), seen(plain, NEW, null, Map.of()), null, NOW)).isEmpty();
  }

  @Test
  void scansAreDueAfterAnImageChangeAndTheIntervalAndTheirFindingsFollowTheThreshold() {
    DesiredHostState scanning = desired(s -> s.putObject("images").putObject("scan").put("enabled", true).put("threshold", "Critical"));
    Observation never = seen(scanning, OLD, recorded(scanning, OLD), Map.of());
    assertThat(ImageUpkeep.scansDue(scanning.plan(), never, NOW)).extracting(ImageUpkeep.DueScan::service).containsExactly("tracker");
    assertThat(DriftEngine.findings(scanning, never, List.of())).filteredOn(f -> f.kind() == DriftKind.ImageNotScanned).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.Info));

    ScanSummary fresh = new ScanSummary("tracker", OLD, NOW.minusSeconds(3600), new int[] {0, 4, 9, 2, 1}, null);
    Observation highOnly = seen(scanning, OLD, recorded(scanning, OLD), Map.of("tracker", fresh));
    assertThat(ImageUpkeep.scansDue(scanning.plan(), highOnly, NOW)).isEmpty();
    assertThat(DriftEngine.findings(scanning, highOnly, List.of())).noneMatch(f -> f.kind().name().startsWith("Image"));
    assertThat(ImageDrift.statuses(scanning.plan(), highOnly)).singleElement().satisfies(s -> {
      assertThat(s.scan().high()).isEqualTo(4);
      assertThat(s.scan().report()).isEqualTo("/var/lib/tracker-operator/scans/tracker.json");
      assertThat(s.recordedAt()).isEqualTo("2026-11-01T10:00:00Z");
      assertThat(s.recordedId()).isNull();
    });

    ScanSummary critical = new ScanSummary("tracker", OLD, NOW.minusSeconds(3600), new int[] {2, 4, 0, 0, 0}, null);
    assertThat(DriftEngine.findings(scanning, seen(scanning, OLD, recorded(scanning, OLD), Map.of("tracker", critical)), List.of()))
        .filteredOn(f -> f.kind() == DriftKind.ImageVulnerable).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("has 2 CRITICAL vulnerabilities (threshold Critical").doesNotContain("HIGH"));

    ScanSummary old = new ScanSummary("tracker", OLD, NOW.minusSeconds(25 * 3600), new int[5], null);
    assertThat(ImageUpkeep.scansDue(scanning.plan(), seen(scanning, OLD, recorded(scanning, OLD), Map.of("tracker", old)), NOW)).hasSize(1);
    assertThat(ImageUpkeep.scansDue(scanning.plan(), seen(scanning, NEW, recorded(scanning, OLD), Map.of("tracker", fresh)), NOW)).hasSize(1);

    ScanSummary failed = new ScanSummary("tracker", OLD, NOW.minusSeconds(60), null, "Trivy exit 1: FATAL cannot reach ghcr.io");
    assertThat(DriftEngine.findings(scanning, seen(scanning, OLD, recorded(scanning, OLD), Map.of("tracker", failed)), List.of()))
        .filteredOn(f -> f.kind() == DriftKind.ImageNotScanned).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("No vulnerability scan", "could run", "cannot reach ghcr.io"));

    // Scans off: nothing is due and nothing is said.
    DesiredHostState plain = desired(s -> {});
    assertThat(ImageUpkeep.scansDue(plain.plan(), seen(plain, OLD, recorded(plain, OLD), Map.of()), NOW)).isEmpty();
  }
}
