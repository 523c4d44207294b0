package com.torrust.operator.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file the host must have: where, who owns it, its mode and content. {@link #toString()} leaves the
 * content out (it may hold a secret); {@code holdsSecret} files are written 0600 and never shown.
 */
public record PlannedFile(String path, int mode, int uid, int gid, String content, boolean holdsSecret) {

  public String sha256() {
    return sha256(content);
  }

  /** SHA-256 of a text's UTF-8 bytes, in hex: what sha256sum prints for the file holding it. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "PlannedFile[" + path + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid + (holdsSecret ? " secret" : "") + "]";
  }
}
