package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host's image record and scan summaries are read strictly: a line the operator does not write is refused, not skipped. */
class ImageRecordTest {

  private static final String ID = "sha256:" + "d".repeat(64);

  @Test
  void theRecordRoundTripsAndRefusesAnythingElse() {
    ImageRecord record = new ImageRecord(Map.of(
        "tracker", new ImageRecord.Entry("127.0.0.1:5000/torrust/tracker:v3.0.0", ID, "127.0.0.1:5000/torrust/tracker@sha256:" + "e".repeat(64),
            Instant.ofEpochSecond(1_790_000_000)),
        "mysql", new ImageRecord.Entry("mysql:8.4", ID, null, Instant.ofEpochSecond(1_790_000_001))), "cli-1790000000");
    assertThat(ImageRecord.parse(record.render())).isEqualTo(record);

    assertThatThrownBy(() -> ImageRecord.parse("tracker mysql:8.4 " + ID + " - 1\n")).hasMessageContaining("first line");
    assertThatThrownBy(() -> ImageRecord.parse(record.render() + "tracker mysql:8.4 " + ID + " - 1\n")).hasMessageContaining("line 5");
    assertThatThrownBy(() -> ImageRecord.parse(record.render() + "grafana grafana/grafana:13.0.0 sha256:abc - 1\n")).hasMessageContaining("line 5");
    assertThatThrownBy(() -> ImageRecord.parse(record.render() + "grafana $(reboot) " + ID + " - 1\n")).hasMessageContaining("line 5");
    assertThatThrownBy(() -> ImageRecord.parse("x".repeat(ImageRecord.MAX_BYTES + 1))).hasMessageContaining("larger than");

    assertThat(ImageRecord.acceptValue("2026-11-30T10:00:00Z")).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(ImageRecord.acceptValue("yes please, the new one")).matches("h-[0-9a-f]{24}");
  }

  @Test
  void summariesRoundTripAndAnErrorCarriesNothingAShellOrTerminalReads() {
    ScanSummary ok = new ScanSummary("tracker", ID, Instant.ofEpochSecond(1_790_000_000), new int[] {1, 2, 3, 4, 5}, null);
    assertThat(ScanSummary.parse(ok.render().strip())).isEqualTo(ok);
    ScanSummary failed = new ScanSummary("grafana", ID, Instant.ofEpochSecond(1), null, ScanSummary.safe("FATAL \u001b[31m`rm -rf /`\nnext line"));
    assertThat(failed.error()).isEqualTo("FATAL ??31m?rm -rf /??next line");
    assertThat(ScanSummary.parse(failed.render().strip())).isEqualTo(failed);
    assertThatThrownBy(() -> ScanSummary.parse("v1 tracker " + ID + " 1 ok 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScanSummary.parse("v1 tracker " + ID + " 1 error $(id)")).isInstanceOf(IllegalArgumentException.class);
  }
}
