package com.torrust.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema's formats. The API server runs them with Go's RE2 (re2j here is the same engine family)
 * and the schema validator with java.util.regex: both must agree on every sample.
 */
class FormatsTest {

  private static final List<String> SAMPLES =
      List.of(
          "0.0.0.0", "255.255.255.255", "256.1.1.1", "10.0.0.0/8", "10.0.0.0/33", "::", "::1", "2001:db8::10",
          "2001:db8::/32", "2001:db8::/129", "fe80::1%eth0", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
          "tracker.example.com", "Tracker.example.com", "tracker..example.com", "-bad.example.com", "localhost",
          "torrust/tracker:v3.0.0", "torrust/tracker", "registry.example.com:5000/a/b:1@sha256:" + "f".repeat(64),
          "0 3 * * *", "*/5 1-5 * * 1,3", "0 3 * *", "@daily", "15s", "1h30m", "5 minutes", "admin@example.com",
          "a b", "x'; rm -rf /", "line\nbreak", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "", "torrust", "root",
          "tracker.db", "../etc/passwd");

  @Test
  void javaRegexAndRe2AgreeOnEveryPatternAndSample() throws IllegalAccessException {
    List<String> disagreements = new ArrayList<>();
    for (Field field : Formats.class.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || !field.getName().endsWith("_PATTERN")) {
        continue;
      }
      String pattern = (String) field.get(null);
      java.util.regex.Pattern jdk = java.util.regex.Pattern.compile(pattern);
      com.google.re2j.Pattern re2 = com.google.re2j.Pattern.compile(pattern);
      for (String sample : SAMPLES) {
        if (jdk.matcher(sample).find() != re2.matcher(sample).find()) {
          disagreements.add(field.getName() + " on " + sample);
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void everyPatternHasAHumanDescription() throws IllegalAccessException {
    for (Field field : Formats.class.getFields()) {
      if (field.getName().endsWith("_PATTERN")) {
        assertThat(Formats.describe((String) field.get(null))).as(field.getName()).isPresent();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0/0", "::/0", "203.0.113.7", "2001:db8:1::/48", "fd00::1/128", "192.168.0.0/16"})
  void acceptsNetworks(String cidr) {
    assertThat(cidr).matches(Formats.CIDR_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0/-1", "1.2.3/24", "::/129", "2001:db8:::1", "10.0.0.0/8 ", "any", "10.0.0.0/8,1.1.1.1"})
  void rejectsNonNetworks(String cidr) {
    assertThat(cidr).doesNotMatch(Formats.CIDR_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 3 * * *", "*/15 * * * *", "0 0-6/2 1,15 * 1-5", "59 23 31 12 6"})
  void acceptsNumericCron(String cron) {
    assertThat(cron).matches(Formats.CRON_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"@daily", "0 3 * * MON", "0  3 * * *", "0 3 * * * *", "0 3 * * *;id", "0 3 * * *\n"})
  void rejectsOtherCron(String cron) {
    assertThat(cron).doesNotMatch(Formats.CRON_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "_svc", "torrust", "deploy-user_1"})
  void acceptsLinuxUsers(String user) {
    assertThat(user).matches(Formats.LINUX_USER_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Torrust", "1user", "user name", "user;id", "-user", "$(id)"})
  void rejectsOtherUsers(String user) {
    assertThat(user).doesNotMatch(Formats.LINUX_USER_PATTERN);
  }
}
