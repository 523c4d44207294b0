package com.torrust.operator.probe;

/** Text from a host made safe for status and terminals: control characters replaced, length capped. */
final class Printable {

  static final int MAX = 200;

  private Printable() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
    return clean.length() > MAX ? clean.substring(0, MAX) + "..." : clean;
  }
}
