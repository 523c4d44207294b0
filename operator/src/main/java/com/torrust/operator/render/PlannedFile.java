package com.torrust.operator.render;

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
    return com.torrust.operator.api.Digests.sha256(text);
  }

  @Override
  public String toString() {
    return "PlannedFile[" + path + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid + (holdsSecret ? " secret" : "") + "]";
  }
}
