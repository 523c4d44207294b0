package com.torrust.operator.api;

import java.util.Map;
import java.util.Optional;

/**
 * The string formats of the TrackerDeployment schema, as regular expressions.
 *
 * <p>They become {@code pattern} keywords of the CRD (checked by the API server with Go's RE2) and are
 * also used inside CEL rules, so they use only syntax RE2, ECMA-262 and java.util.regex agree on: no
 * look-around, no back-references. Every one is anchored and excludes whitespace, quotes and shell
 * metacharacters: a value that matches can be placed in a shell word, YAML, TOML or a Caddyfile
 * without changing its structure.
 */
public final class Formats {

  private Formats() {}

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  /** A dotted-quad IPv4 address. */
  public static final String IPV4 = OCTET + "(\\." + OCTET + "){3}";

  private static final String H = "[0-9a-fA-F]{1,4}";
  /** An IPv6 address in any of its compressed forms (no zone, no embedded IPv4). */
  public static final String IPV6 =
      "((" + H + ":){7}" + H
          + "|(" + H + ":){1,7}:"
          + "|(" + H + ":){1,6}:" + H
          + "|(" + H + ":){1,5}(:" + H + "){1,2}"
          + "|(" + H + ":){1,4}(:" + H + "){1,3}"
          + "|(" + H + ":){1,3}(:" + H + "){1,4}"
          + "|(" + H + ":){1,2}(:" + H + "){1,5}"
          + "|" + H + ":(:" + H + "){1,6}"
          + "|:((:" + H + "){1,7}|:))";

  /** An IPv4 or IPv6 address. */
  public static final String IP_PATTERN = "^(" + IPV4 + "|" + IPV6 + ")$";

  /** An IPv4 or IPv6 network, the prefix length optional (a single address). */
  public static final String CIDR_PATTERN =
      "^(" + IPV4 + "(/(3[0-2]|[12]?[0-9]))?|" + IPV6 + "(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$";

  private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  /** A fully qualified DNS name with at least two labels, lowercase, the last one starting with a letter. */
  public static final String DOMAIN_PATTERN = "^(" + LABEL + "\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** How a host can be reached: an IP address or a (possibly single-label) lowercase DNS name. */
  public static final String ADDRESS_PATTERN =
      "^(" + IPV4 + "|" + IPV6 + "|" + LABEL + "(\\." + LABEL + ")*)$";

  /** A Kubernetes object name (DNS-1123 subdomain). */
  public static final String K8S_NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key of a Secret's data. */
  public static final String SECRET_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  /** A Linux user name as useradd accepts it by default. */
  public static final String LINUX_USER_PATTERN = "^[a-z_][a-z0-9_-]{0,31}$";

  /** A MySQL identifier we are willing to write unquoted: database and user names. */
  public static final String MYSQL_NAME_PATTERN = "^[A-Za-z0-9_]{1,32}$";

  /** A file name without any directory part. */
  public static final String FILE_NAME_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$";

  /**
   * A container image reference: repository (optionally with a registry host and port), then a tag
   * and/or a sha256 digest. Whether it is pinned is checked by {@link #IMAGE_PINNED_RULE}.
   */
  public static final String IMAGE_PATTERN =
      "^[a-z0-9]([-a-z0-9._]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  /**
   * CEL, on an object with an {@code image} field: the image carries a digest, or a tag other than the
   * moving ones. (Rules sit on the object, not the field: a record component would copy a field rule
   * onto its accessor and the CRD would list it twice.)
   */
  public static final String IMAGE_PINNED_RULE =
      "!has(self.image) || self.image.matches(r'@sha256:[a-f0-9]{64}$')"
          + " || (self.image.matches(r':[A-Za-z0-9_][A-Za-z0-9_.-]*$') && !self.image.matches(r':(latest|develop)$'))";

  /** {@link #IMAGE_PINNED_RULE} on an object whose image field is called {@code scanner}. */
  public static final String IMAGE_PINNED_RULE_SCANNER = "!has(self.scanner) || self.scanner.matches(r'@sha256:[a-f0-9]{64}$')"
      + " || (self.scanner.matches(r':[A-Za-z0-9_][A-Za-z0-9_.-]*$') && !self.scanner.matches(r':(latest|develop)$'))";

  public static final String IMAGE_PINNED_MESSAGE =
      "must be pinned: give a version tag or an @sha256 digest (not 'latest', 'develop' or no tag)";

  /** A Go-style duration as Kubernetes and CEL's duration() read it: 15s, 5m, 1h30m, 500ms. */
  /** A memory limit in Mi (6 to 999999) or Gi (1 to 999). */
  public static final String MEMORY_PATTERN = "^(([6-9]|[1-9][0-9]{1,5})Mi|[1-9][0-9]{0,2}Gi)$";
  /** A CPU limit: 0.01 to 99.99, at most two decimals. */
  public static final String CPUS_PATTERN = "^(0\\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]?(\\.[0-9]{1,2})?)$";
  public static final String DURATION_PATTERN = "^([0-9]{1,6}(\\.[0-9]{1,3})?(ms|s|m|h)){1,4}$";

  private static final String CRON_ITEM = "(\\*|[0-9]{1,2}(-[0-9]{1,2})?)(/[0-9]{1,2})?";
  private static final String CRON_FIELD = CRON_ITEM + "(," + CRON_ITEM + ")*";
  /** Five numeric cron fields separated by single spaces (no names, no @-macros). */
  public static final String CRON_PATTERN = "^" + CRON_FIELD + "( " + CRON_FIELD + "){4}$";

  /** An e-mail address for the ACME account. */
  public static final String EMAIL_PATTERN = "^[A-Za-z0-9._+-]{1,64}@(" + LABEL + "\\.)+[a-z]{2,63}$";

  /** A short human note: letters, digits, spaces and a few punctuation marks, nothing a shell or UFW reads. */
  public static final String COMMENT_PATTERN = "^[A-Za-z0-9 _.,:/()+-]*$";

  /** An OpenSSH public host key line ("type base64 [comment]") or its SHA256 fingerprint. */
  public static final String HOST_KEY_PATTERN =
      "^(SHA256:[A-Za-z0-9+/]{43}=?"
          + "|(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521)"
          + " [A-Za-z0-9+/]{16,}={0,3}( [A-Za-z0-9_.@:+-]{1,100})?)$";

  /** A time of day, HH:MM. */
  public static final String TIME_OF_DAY_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /** A Hetzner Cloud name of a server type, location or image: lowercase letters, digits, '-', '.' and '_'. */
  public static final String HETZNER_NAME_PATTERN = "^[a-z0-9][a-z0-9._-]*$";

  /** A Hetzner Cloud label key (the Kubernetes label key syntax). */
  public static final String HETZNER_LABEL_KEY =
      "^(" + LABEL + "(\\." + LABEL + ")*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

  /** A Hetzner Cloud label value: empty, or the Kubernetes label value syntax. */
  public static final String HETZNER_LABEL_VALUE = "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$";

  /** CEL, on an object with an {@code address} field: all digits and dots must be a valid IPv4 address. */
  public static final String NUMERIC_ADDRESS_RULE =
      "!has(self.address) || !self.address.matches(r'^[0-9.]+$') || self.address.matches(r'^" + IPV4 + "$')";

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry(IP_PATTERN, "an IPv4 or IPv6 address"),
          Map.entry(CIDR_PATTERN, "an IPv4 or IPv6 address or CIDR (203.0.113.0/24, 2001:db8::/32)"),
          Map.entry(DOMAIN_PATTERN, "a lowercase DNS name with at least two labels (tracker.example.com)"),
          Map.entry(ADDRESS_PATTERN, "an IP address or a lowercase DNS name"),
          Map.entry(K8S_NAME_PATTERN, "a Kubernetes object name (lowercase letters, digits, '-' and '.')"),
          Map.entry(SECRET_KEY_PATTERN, "a Secret key (letters, digits, '-', '_' and '.')"),
          Map.entry(LINUX_USER_PATTERN, "a Linux user name (lowercase letter or '_', then up to 31 of a-z 0-9 _ -)"),
          Map.entry(MYSQL_NAME_PATTERN, "a name of letters, digits and '_' (at most 32)"),
          Map.entry(FILE_NAME_PATTERN, "a file name of letters, digits, '.', '_' and '-' without a directory"),
          Map.entry(IMAGE_PATTERN, "a container image reference (repository:tag or repository@sha256:digest)"),
          Map.entry(MEMORY_PATTERN, "a memory size in Mi or Gi, at least 6Mi (512Mi, 1Gi)"),
          Map.entry(CPUS_PATTERN, "a number of CPUs from 0.01 to 99.99 (0.5, 2)"),
          Map.entry(DURATION_PATTERN, "a duration such as 15s, 5m or 1h30m"),
          Map.entry(CRON_PATTERN, "five numeric cron fields separated by single spaces (0 3 * * *)"),
          Map.entry(EMAIL_PATTERN, "an e-mail address"),
          Map.entry(COMMENT_PATTERN, "text of letters, digits, spaces and . , : / ( ) + - _ only"),
          Map.entry(TIME_OF_DAY_PATTERN, "a time of day as HH:MM (02:00)"),
          Map.entry(HETZNER_NAME_PATTERN, "a Hetzner Cloud name (lowercase letters, digits, '-', '.' and '_')"),
          Map.entry(HOST_KEY_PATTERN, "an SSH public key line ('ssh-ed25519 AAAA...') or a fingerprint ('SHA256:...')"));

  /** What a pattern of this class accepts, in words, for error messages (the regex itself helps nobody). */
  public static Optional<String> describe(String pattern) {
    return Optional.ofNullable(NAMES.get(pattern));
  }
}
