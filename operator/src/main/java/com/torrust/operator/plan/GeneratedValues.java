package com.torrust.operator.plan;

import java.security.SecureRandom;

/**
 * Values the operator makes up for the generated Secret: 32 characters from an alphabet without
 * look-alikes and without any character a shell, YAML, TOML or .env file treats specially (about 186 bits).
 */
public final class GeneratedValues {

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int LENGTH = 32;

  private GeneratedValues() {}

  public static String random() {
    StringBuilder out = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
