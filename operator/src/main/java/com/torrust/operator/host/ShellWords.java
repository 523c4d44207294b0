package com.torrust.operator.host;

/** Values placed into the shell scripts the operator runs on hosts. */
public final class ShellWords {

  private ShellWords() {}

  /** One POSIX shell word in single quotes; a quote inside becomes '\''. */
  public static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
