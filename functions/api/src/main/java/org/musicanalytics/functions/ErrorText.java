package org.musicanalytics.functions;

/**
 * Input quoted in an error message, kept to one short line.
 *
 * <p>Error messages quote what was wrong, and input can be anything: a megabyte-long user
 * id, a header with a line break in it. A message that grows with its input breaks what
 * carries it (gRPC sends it in a size-limited header; a log line or a terminal line ends
 * at the first line break), so quoted input is cut, saying how long it was, and control
 * characters are shown as escapes.
 */
public final class ErrorText {

  private ErrorText() {}

  /**
   * {@code text} cut to at most {@code maxChars} characters, saying how long it was, e.g.
   * {@code 9999999... (1048577 chars)}; never half a surrogate pair.
   *
   * @throws IllegalArgumentException if {@code maxChars} leaves no room for the note
   */
  public static String cut(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    String suffix = "... (" + text.length() + " chars)";
    int keep = maxChars - suffix.length();
    if (keep <= 0) {
      throw new IllegalArgumentException("maxChars " + maxChars + " is too small");
    }
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + suffix;
  }

  /**
   * {@code text} on one line: control characters as escapes ({@code \n}, {@code \r},
   * {@code \t}, else {@code \}{@code uXXXX}), then {@link #cut cut} to {@code maxChars}.
   */
  public static String shown(String text, int maxChars) {
    StringBuilder shown = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (shown == null) {
          shown = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        switch (c) {
          case '\n' -> shown.append("\\n");
          case '\r' -> shown.append("\\r");
          case '\t' -> shown.append("\\t");
          default -> shown.append(String.format("\\u%04x", (int) c));
        }
      } else if (shown != null) {
        shown.append(c);
      }
    }
    return cut(shown == null ? text : shown.toString(), maxChars);
  }
}
