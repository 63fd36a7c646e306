package org.musicanalytics.client.pipeline.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds a member of a JSON object's top level in its UTF-8 bytes, without building
 * anything for the other members: the one large string of an answer can then be read in
 * place. Only what the finding needs is checked; the JSON parser checks the rest.
 */
final class TopLevelMembers {

  private TopLevelMembers() {}

  /**
   * Where the contents of the string value of the member named {@code name} or
   * {@code otherName} start and end in {@code json} (between its quotes); null if the top
   * level is not an object this reader follows, the member is absent, is there twice, or
   * its value is not a string.
   */
  static int[] stringValue(byte[] json, String name, String otherName) {
    byte[] first = name.getBytes(StandardCharsets.UTF_8);
    byte[] second = otherName.getBytes(StandardCharsets.UTF_8);
    int at = skipSpace(json, 0);
    if (at >= json.length || json[at] != '{') {
      return null;
    }
    int[] found = null;
    at = skipSpace(json, at + 1);
    if (at < json.length && json[at] == '}') {
      return null;
    }
    while (at < json.length) {
      if (json[at] != '"') {
        return null;
      }
      int keyEnd = stringEnd(json, at);
      if (keyEnd < 0) {
        return null;
      }
      boolean wanted = equals(json, at + 1, keyEnd, first)
          || equals(json, at + 1, keyEnd, second);
      at = skipSpace(json, keyEnd + 1);
      if (at >= json.length || json[at] != ':') {
        return null;
      }
      at = skipSpace(json, at + 1);
      int valueEnd = valueEnd(json, at);
      if (valueEnd < 0) {
        return null;
      }
      if (wanted) {
        if (found != null || json[at] != '"') {
          return null;
        }
        found = new int[] {at + 1, valueEnd - 1};
      }
      at = skipSpace(json, valueEnd);
      if (at >= json.length) {
        return null;
      }
      if (json[at] == '}') {
        return skipSpace(json, at + 1) == json.length ? found : null;
      }
      if (json[at] != ',') {
        return null;
      }
      at = skipSpace(json, at + 1);
    }
    return null;
  }

  /**
   * The contents of a JSON string between {@code from} and {@code to} with its escapes
   * resolved: {@code json} itself if it has none, else a new array of the contents; null if
   * an escape is malformed or stands for a character outside ASCII.
   */
  static byte[] unescapedAscii(byte[] json, int from, int to) {
    int escape = from;
    while (escape < to && json[escape] != '\\') {
      escape++;
    }
    if (escape == to) {
      return json;
    }
    if (onlyEscapedPadding(json, escape, to)) {
      // Base64 padding, which the printer escapes: the text without it decodes the same.
      return Arrays.copyOfRange(json, from, escape);
    }
    byte[] text = new byte[to - from];
    System.arraycopy(json, from, text, 0, escape - from);
    int n = escape - from;
    for (int at = escape; at < to; at++) {
      byte b = json[at];
      if (b != '\\') {
        text[n++] = b;
        continue;
      }
      if (++at >= to) {
        return null;
      }
      int c = switch (json[at]) {
        case '"' -> '"';
        case '\\' -> '\\';
        case '/' -> '/';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> at + 4 < to ? hex(json, at + 1) : -1;
        default -> -1;
      };
      if (c < 0 || c >= 0x80) {
        return null;
      }
      if (json[at] == 'u') {
        at += 4;
      }
      text[n++] = (byte) c;
    }
    return Arrays.copyOf(text, n);
  }

  /** Whether {@code json} holds only escaped {@code =} between {@code from} and {@code to}. */
  private static boolean onlyEscapedPadding(byte[] json, int from, int to) {
    byte[] padding = {'\\', 'u', '0', '0', '3', 'd'};
    if ((to - from) % padding.length != 0) {
      return false;
    }
    for (int at = from; at < to; at++) {
      byte b = json[at];
      byte expected = padding[(at - from) % padding.length];
      if (b != expected && !(expected == 'd' && b == 'D')) {
        return false;
      }
    }
    return true;
  }

  private static int hex(byte[] json, int at) {
    int value = 0;
    for (int i = at; i < at + 4; i++) {
      int digit = Character.digit(json[i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** Where the value starting at {@code at} ends (the index after it); -1 if it does not. */
  private static int valueEnd(byte[] json, int at) {
    if (at >= json.length) {
      return -1;
    }
    byte b = json[at];
    if (b == '"') {
      int end = stringEnd(json, at);
      return end < 0 ? -1 : end + 1;
    }
    if (b == '{' || b == '[') {
      int depth = 0;
      while (at < json.length) {
        b = json[at];
        if (b == '"') {
          at = stringEnd(json, at);
          if (at < 0) {
            return -1;
          }
        } else if (b == '{' || b == '[') {
          depth++;
        } else if ((b == '}' || b == ']') && --depth == 0) {
          return at + 1;
        }
        at++;
      }
      return -1;
    }
    // A number or a literal: up to the next separator.
    int start = at;
    while (at < json.length && json[at] != ',' && json[at] != '}' && json[at] != ']'
        && !isSpace(json[at])) {
      at++;
    }
    return at == start ? -1 : at;
  }

  /** The index of the quote that ends the string whose opening quote is at {@code at}. */
  private static int stringEnd(byte[] json, int at) {
    for (int i = at + 1; i < json.length; i++) {
      if (json[i] == '\\') {
        i++;
      } else if (json[i] == '"') {
        return i;
      }
    }
    return -1;
  }

  private static boolean equals(byte[] json, int from, int to, byte[] name) {
    if (to - from != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (json[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(byte[] json, int at) {
    while (at < json.length && isSpace(json[at])) {
      at++;
    }
    return at;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
