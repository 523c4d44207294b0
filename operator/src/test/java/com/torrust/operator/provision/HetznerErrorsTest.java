package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.provision.hetzner.HetznerException;
import com.torrust.operator.provision.hetzner.HetznerException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Hetzner Cloud API's errors handled by their code (Hetzner's error table; hcloud-go retries only
 * conflict and locked): what waits, what stalls, and with which reason a person sees.
 */
class HetznerErrorsTest {

  private static Progress progress(int status, String code) {
    Kind kind = com.torrust.operator.provision.hetzner.HetznerClientAccess.kindOf(status, code);
    return Provisioner.apiProblem(new HetznerException(kind, status, code, "create server: " + status + " " + code, null));
  }

  @ParameterizedTest(name = "{0} {1}: stalls with {2}")
  @CsvSource({
      "409, uniqueness_error, HetznerNameTaken",
      "423, protected, HetznerServerProtected",
      "403, resource_limit_exceeded, HetznerQuotaExceeded",
      "403, forbidden, HetznerTokenRejected",
      "401, unauthorized, HetznerTokenRejected",
      "400, invalid_input, HetznerRequestRejected",
      "422, , HetznerRequestRejected",
      "401, , HetznerTokenRejected"})
  void aRefusalThatNeedsAPersonStallsWithItsOwnReason(int status, String code, String reason) {
    assertThat(progress(status, code)).isInstanceOfSatisfying(Progress.Stuck.class, p -> assertThat(p.reason()).isEqualTo(reason));
  }

  @ParameterizedTest(name = "{0} {1}: waits with {2}")
  @CsvSource({
      "409, conflict, HetznerApiUnavailable",
      "423, locked, HetznerApiUnavailable",
      "403, maintenance, HetznerMaintenance",
      "412, resource_unavailable, HetznerResourceUnavailable",
      "503, unavailable, HetznerApiUnavailable",
      "502, , HetznerApiUnavailable",
      "429, rate_limit_exceeded, HetznerRateLimited"})
  void whatPassesByItselfWaitsAndIsLookedAtAgain(int status, String code, String reason) {
    assertThat(progress(status, code)).isInstanceOfSatisfying(Progress.Wait.class, p -> assertThat(p.reason()).isEqualTo(reason));
  }

  @Test
  void theCodeDecidesNotTheStatus() {
    assertThat(com.torrust.operator.provision.hetzner.HetznerClientAccess.kindOf(409, "uniqueness_error")).isEqualTo(Kind.Rejected);
    assertThat(com.torrust.operator.provision.hetzner.HetznerClientAccess.kindOf(403, "maintenance")).isEqualTo(Kind.Transient);
  }

  @Test
  void aCreateWhoseAnswerTimedOutIsWaitedForLongerThanTheRequestTook() {
    var settings = com.torrust.operator.reconcile.ProviderSettings.DEFAULTS;

    assertThat(settings.createGrace()).as("the grace counts from before the request").isGreaterThan(settings.requestTimeout().plusSeconds(30));
    var shortened = new com.torrust.operator.reconcile.ProviderSettings(settings.hetznerApi(), settings.bootTimeout(), settings.bootRecheck(),
        java.time.Duration.ofSeconds(5));
    assertThat(shortened.requestTimeout()).isLessThan(shortened.createGrace());
  }
}
