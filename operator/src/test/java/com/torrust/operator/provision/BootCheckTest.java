package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootCheckTest {

  @Test
  void stillBootingUntilBootFinishedExists() {
    assertThat(BootCheck.parse("booting\n").finished()).isFalse();
    assertThat(BootCheck.parse("").finished()).isFalse();
  }

  @Test
  void finishedWithoutErrors() {
    BootCheck.Result result = BootCheck.parse("boot-finished\n{\"v1\": {\"datasource\": \"DataSourceHetzner\", \"errors\": []}}\n");
    assertThat(result.finished()).isTrue();
    assertThat(result.failed()).isFalse();
    assertThat(BootCheck.parse("boot-finished\n").failed()).isFalse(); // an older cloud-init without result.json
  }

  @Test
  void finishedWithErrorsFails() {
    BootCheck.Result result = BootCheck.parse("boot-finished\n{\"v1\": {\"errors\": [\"('users_groups', KeyError('x'))\"]}}");
    assertThat(result.failed()).isTrue();
    assertThat(result.errors()).isEqualTo(List.of("('users_groups', KeyError('x'))"));
    assertThat(BootCheck.parse("boot-finished\n{not json").failed()).isTrue();
  }
}
