package com.torrust.operator.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict bencode reader (BEP 3) for tracker answers: integers, byte strings, lists and dictionaries,
 * nothing after the value, nesting at most {@link #MAX_DEPTH} deep. What a host sends is untrusted:
 * anything else is an {@link IllegalArgumentException} saying where it went wrong. Byte strings come
 * back as ISO-8859-1 strings (one char per byte), so binary peer lists survive.
 */
public final class Bencode {

  static final int MAX_DEPTH = 16;

  private final byte[] data;
  private int at;

  private Bencode(byte[] data) {
    this.data = data;
  }

  /** The one value in {@code data}: Long, String, List or Map (keys in the order sent). */
  public static Object decode(byte[] data) {
    Bencode reader = new Bencode(data);
    Object value = reader.value(0);
    if (reader.at != data.length) {
      throw new IllegalArgumentException("bencode: " + (data.length - reader.at) + " bytes after the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("bencode: nested deeper than " + MAX_DEPTH);
    }
    byte b = peek();
    if (b == 'i') {
      at++;
      long n = number('e');
      return n;
    }
    if (b == 'l') {
      at++;
      List<Object> list = new ArrayList<>();
      while (peek() != 'e') {
        list.add(value(depth + 1));
      }
      at++;
      return list;
    }
    if (b == 'd') {
      at++;
      Map<String, Object> map = new LinkedHashMap<>();
      while (peek() != 'e') {
        if (peek() < '0' || peek() > '9') {
          throw new IllegalArgumentException("bencode: a dictionary key at byte " + at + " is not a string");
        }
        String key = string();
        map.put(key, value(depth + 1));
      }
      at++;
      return map;
    }
    if (b >= '0' && b <= '9') {
      return string();
    }
    throw new IllegalArgumentException("bencode: unexpected byte " + (b & 0xff) + " at " + at);
  }

  private String string() {
    long length = number(':');
    if (length > data.length - at) {
      throw new IllegalArgumentException("bencode: a string of " + length + " bytes runs past the end");
    }
    String s = new String(data, at, (int) length, StandardCharsets.ISO_8859_1);
    at += (int) length;
    return s;
  }

  private long number(char end) {
    int start = at;
    boolean negative = peek() == '-';
    if (negative) {
      at++;
    }
    long n = 0;
    int digits = 0;
    while (peek() != end) {
      byte b = data[at];
      if (b < '0' || b > '9' || digits >= 18) {
        throw new IllegalArgumentException("bencode: bad number at byte " + start);
      }
      n = n * 10 + (b - '0');
      digits++;
      at++;
    }
    if (digits == 0 || (digits > 1 && data[at - digits] == '0') || (negative && n == 0) || (negative && end == ':')) {
      throw new IllegalArgumentException("bencode: bad number at byte " + start);
    }
    at++;
    return negative ? -n : n;
  }

  private byte peek() {
    if (at >= data.length) {
      throw new IllegalArgumentException("bencode: the answer ends in the middle of a value");
    }
    return data[at];
  }
}
