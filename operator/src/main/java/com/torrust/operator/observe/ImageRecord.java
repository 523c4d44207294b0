package com.torrust.operator.observe;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images recorded on the host at deploy time ({@value #PATH}): per service, the reference (tag) and
 * the image it pointed at then. It is the baseline a moved tag is found against, kept on the host so that
 * {@code check} from anywhere and the operator after a restart see the same one. Written only by a
 * converge; read strictly, as everything a host sends.
 *
 * @param accepted the last acceptance value (annotation tracker.torrust.com/accept-images, apply --accept-images), or null
 */
public record ImageRecord(Map<String, Entry> entries, String accepted) {

  public static final String PATH = "/var/lib/tracker-operator/images";
  /** At most this many bytes are read; a longer file is not one the operator wrote. */
  public static final int MAX_BYTES = 16 * 1024;
  public static final ImageRecord EMPTY = new ImageRecord(Map.of(), null);

  private static final String HEADER = "# tracker-operator image record v1";
  static final Pattern IMAGE_ID = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern ACCEPTED = Pattern.compile("^accepted ([A-Za-z0-9._:+-]{1,64}|-)$");
  private static final Pattern ENTRY = Pattern.compile(
      "^([a-z][a-z0-9-]{0,31}) ([a-z0-9][-a-z0-9._:/@]{0,254}) (sha256:[a-f0-9]{64}) ([a-z0-9][-a-z0-9._:/]{0,254}@sha256:[a-f0-9]{64}|-) ([0-9]{1,12})$");

  /** One service's recorded image. @param repoDigest repository@sha256:..., or null for an image never pulled from a registry */
  public record Entry(String reference, String imageId, String repoDigest, Instant recordedAt) {}

  public ImageRecord {
    entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /** Reads the file; throws IllegalArgumentException, naming the line, on anything the operator does not write. */
  public static ImageRecord parse(String text) {
    if (text.length() > MAX_BYTES) {
      throw new IllegalArgumentException("larger than " + MAX_BYTES + " bytes");
    }
    String[] lines = text.split("\n");
    if (lines.length == 0 || !lines[0].equals(HEADER)) {
      throw new IllegalArgumentException("its first line is not \"" + HEADER + "\"");
    }
    Map<String, Entry> entries = new TreeMap<>();
    String accepted = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      Matcher a = ACCEPTED.matcher(line);
      Matcher e = ENTRY.matcher(line);
      if (a.matches()) {
        accepted = a.group(1).equals("-") ? null : a.group(1);
      } else if (e.matches() && !entries.containsKey(e.group(1))) {
        entries.put(e.group(1), new Entry(e.group(2), e.group(3), e.group(4).equals("-") ? null : e.group(4),
            Instant.ofEpochSecond(Long.parseLong(e.group(5)))));
      } else {
        throw new IllegalArgumentException("line " + (i + 1) + " is not an image record line");
      }
    }
    return new ImageRecord(entries, accepted);
  }

  /** The file's content. */
  public String render() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("accepted ").append(accepted == null ? "-" : accepted).append('\n');
    entries.forEach((service, e) -> out.append(service).append(' ').append(e.reference()).append(' ').append(e.imageId()).append(' ')
        .append(e.repoDigest() == null ? "-" : e.repoDigest()).append(' ').append(e.recordedAt().getEpochSecond()).append('\n'));
    return out.toString();
  }

  /** The value as the record holds it: itself when it fits, else a hash of it (an annotation may hold anything). */
  public static String acceptValue(String raw) {
    if (raw == null) {
      return null;
    }
    if (acceptable(raw)) {
      return raw;
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "h-" + java.util.HexFormat.of().formatHex(hash, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a value is one {@link #accepted} can hold. */
  public static boolean acceptable(String value) {
    return value != null && ACCEPTED.matcher("accepted " + value).matches() && !value.equals("-");
  }
}
