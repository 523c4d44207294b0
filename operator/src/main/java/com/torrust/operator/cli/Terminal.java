package com.torrust.operator.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Output for a person's terminal. What a host sends back (an OS name, a rule's comment, a label) can
 * hold control characters that would move the cursor, recolour or retitle the terminal, or hide
 * text: every one but newline and tab is printed as '?'.
 */
final class Terminal {

  private Terminal() {}

  static PrintWriter safe(PrintWriter target) {
    return new PrintWriter(new Filter(target), true);
  }

  static char printable(char c) {
    boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    return control ? '?' : c;
  }

  private static final class Filter extends FilterWriter {
    Filter(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      super.write(printable((char) c));
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      char[] copy = new char[length];
      for (int i = 0; i < length; i++) {
        copy[i] = printable(buffer[offset + i]);
      }
      super.write(copy, 0, length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
      write(text.toCharArray(), offset, length);
    }
  }
}
