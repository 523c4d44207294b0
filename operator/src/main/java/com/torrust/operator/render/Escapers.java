package com.torrust.operator.render;

import com.torrust.operator.api.Formats;
import java.util.regex.Pattern;

/**
 * One escaper per target format, so that no value can change the structure of the file it lands in:
 * it either becomes one complete, quoted scalar of that format, or it is refused.
 */
final class Escapers {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:/@+=-]*");
  private static final Pattern CRON = Pattern.compile(Formats.CRON_PATTERN);

  private Escapers() {}

  /** A YAML double-quoted scalar; every character outside printable ASCII is written as an escape. */
  static String yaml(String value) {
    return doubleQuoted(value);
  }

  /** A YAML scalar in a compose file, where `$` would also start a variable: it is doubled. */
  static String compose(String value) {
    return yaml(value.replace("$", "$$"));
  }

  /** A TOML basic string; control characters and everything outside printable ASCII escaped. */
  static String toml(String value) {
    return doubleQuoted(value);
  }

  /**
   * A double-quoted string in the escape syntax YAML and TOML share (backslash before a quote,
   * backslash, n, t, r, and u or U with 4 or 8 hex digits). Only printable ASCII is written as
   * itself, so no line break, control character or Unicode separator can reach the file raw.
   */
  private static String doubleQuoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
          } else if (c <= 0xffff) {
            out.append(String.format("\\u%04X", c));
          } else {
            out.append(String.format("\\U%08X", c));
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** A POSIX shell word in single quotes (a quote inside becomes '\''). Refuses NUL, which no file can carry. */
  static String shell(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a value for a shell file contains a NUL character");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * A bare word for formats without a quoting rule we trust on every version (.env for compose v1 and
   * v2, Caddyfile tokens): letters, digits and {@code . _ : / @ + = -} only, else refused.
   */
  static String token(String value) {
    if (!TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException("refusing to write a value with characters outside [A-Za-z0-9._:/@+=-] unquoted");
    }
    return value;
  }

  /** A cron schedule: the five numeric fields the API accepts, else refused. */
  static String cron(String value) {
    if (!CRON.matcher(value).matches()) {
      throw new IllegalArgumentException("refusing to write a cron schedule that is not five numeric fields");
    }
    return value;
  }
}
