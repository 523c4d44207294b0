package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerIdentityTest {

  private static final String UID = "0F5A3C9E-1111-2222-3333-444455556666";

  @Test
  void nameIsReadableUniquePerResourceAndAValidHostname() {
    ServerIdentity id = ServerIdentity.of("prod", "tracker.eu", UID, null);

    assertThat(id.name()).isEqualTo("tracker-eu-0f5a3c9e");
    assertThat(id.labels()).containsEntry(ServerIdentity.UID_LABEL, UID).containsEntry(ServerIdentity.NAME_LABEL, "tracker.eu")
        .containsEntry(ServerIdentity.NAMESPACE_LABEL, "prod");
    assertThat(id.selector()).isEqualTo("tracker.torrust.com/uid=" + UID);
  }

  @Test
  void aLongNameIsCutToSixtyThreeAndNotLabelledWhenItCannotBe() {
    String longName = "a".repeat(60) + "-" + "b".repeat(100);
    ServerIdentity id = ServerIdentity.of("prod", longName, UID, Map.of("team", "x"));

    assertThat(id.name()).hasSizeLessThanOrEqualTo(63).endsWith("-0f5a3c9e").matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(id.labels()).doesNotContainKey(ServerIdentity.NAME_LABEL).containsEntry("team", "x");
  }
}
