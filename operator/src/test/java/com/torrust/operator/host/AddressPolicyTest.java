package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void theMetadataServiceAndOtherNonHostAddressesAreAlwaysRefused() throws Exception {
    for (String address : List.of("169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1")) {
      assertThat(AddressPolicy.DEFAULT.refusal(ip(address))).as(address).isNotNull();
    }
    assertThat(AddressPolicy.DEFAULT.refusal(ip("169.254.169.254"))).contains("link-local", "metadata");
    for (String address : List.of("203.0.113.10", "2001:db8::10", "10.220.0.1", "127.0.0.1")) {
      assertThat(AddressPolicy.DEFAULT.refusal(ip(address))).as(address).isNull();
    }
  }

  @Test
  void denyAndAllowRangesAreCidrsOfEitherFamily() throws Exception {
    AddressPolicy policy = AddressPolicy.of(List.of(), List.of("10.96.0.0/12", "fd00::/8"));
    assertThat(policy.refusal(ip("10.96.0.1"))).contains("10.96.0.0/12", "--deny-host-cidr");
    assertThat(policy.refusal(ip("10.111.255.255"))).isNotNull();
    assertThat(policy.refusal(ip("10.112.0.0"))).isNull();
    assertThat(policy.refusal(ip("fd12::1"))).isNotNull();

    AddressPolicy only = AddressPolicy.of(List.of("203.0.113.0/24"), List.of());
    assertThat(only.refusal(ip("203.0.113.200"))).isNull();
    assertThat(only.refusal(ip("198.51.100.1"))).contains("outside", "203.0.113.0/24");
    assertThat(only.refusal(ip("2001:db8::1"))).as("another family is outside too").isNotNull();
  }

  @Test
  void aNameIsCheckedByWhatItResolvesToAndTheConnectionGoesThere() throws Exception {
    AddressPolicy loopbackDenied = AddressPolicy.of(List.of(), List.of("127.0.0.0/8", "::1/128"));
    assertThatThrownBy(() -> loopbackDenied.resolve("localhost"))
        .isInstanceOfSatisfying(HostAccessException.class, e -> {
          assertThat(e.reason()).isEqualTo(HostAccessException.Reason.AddressNotAllowed);
          assertThat(e.getMessage()).contains("localhost", "nothing was sent");
        });
    assertThat(AddressPolicy.DEFAULT.resolve("127.0.0.1").getHostAddress()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> SshConnection.open(new SshTarget("169.254.169.254", 22, "root", "unused", null)))
        .isInstanceOfSatisfying(HostAccessException.class, e -> assertThat(e.reason()).isEqualTo(HostAccessException.Reason.AddressNotAllowed));
  }

  @Test
  void aMalformedRangeIsAClearError() {
    assertThatThrownBy(() -> AddressPolicy.of(List.of("example.com/24"), List.of())).hasMessageContaining("not an address range");
    assertThatThrownBy(() -> AddressPolicy.of(List.of(), List.of("10.0.0.0/33"))).hasMessageContaining("prefix length outside 0..32");
  }
}
