package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label selectors as the API server reads them: a typo stops the process at start instead of selecting nothing. */
class ShardTest {

  @Test
  void readsEveryKindOfRequirementAndNamesItsKeys() {
    Shard shard = Shard.parse("sharding.fluxcd.io/key=shard1, tier in (a, b),!legacy,env!=dev,zone notin (x)");
    assertThat(shard.selector()).isEqualTo("sharding.fluxcd.io/key=shard1,tier in (a,b),!legacy,env!=dev,zone notin (x)");
    assertThat(shard.keys()).containsExactlyInAnyOrder("sharding.fluxcd.io/key", "tier", "legacy", "env", "zone");
    assertThat(shard.secretSelector("tracker.torrust.com/usable=true"))
        .isEqualTo("tracker.torrust.com/usable=true,sharding.fluxcd.io/key=shard1,tier in (a,b),!legacy,env!=dev,zone notin (x)");
    assertThat(shard.labelsOf(Map.of("sharding.fluxcd.io/key", "shard1", "app", "tracker", "tier", "a")))
        .isEqualTo(Map.of("sharding.fluxcd.io/key", "shard1", "tier", "a"));
    assertThat(shard.leaseSuffix()).matches("-[0-9a-f]{8}");
    assertThat(Shard.parse("sharding.fluxcd.io/key==shard1").leaseSuffix()).isNotEqualTo(Shard.parse("sharding.fluxcd.io/key=shard2").leaseSuffix());
    assertThat(Shard.parse(" ").all()).isTrue();
    assertThat(Shard.ALL.secretSelector("u=true")).isEqualTo("u=true");
  }

  @Test
  void refusesWhatIsNotASelector() {
    assertThatThrownBy(() -> Shard.parse("shard=1=2")).hasMessageContaining("\"shard=1=2\" is not a requirement");
    assertThatThrownBy(() -> Shard.parse("key in (a b)")).hasMessageContaining("is not a label value");
    assertThatThrownBy(() -> Shard.parse("Bad_Prefix.example/key=x")).hasMessageContaining("is not a requirement");
    assertThatThrownBy(() -> Shard.parse("a=b,,c=d")).hasMessageContaining("\"\" is not a requirement");
  }
}
