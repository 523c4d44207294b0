package com.torrust.operator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text in hex, in the first stage so that every later one (admission, render, provision) may use it. */
public final class Digests {

  private Digests() {}

  /** SHA-256 of a text's UTF-8 bytes, in hex: what sha256sum prints for a file holding it. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
