package org.musicanalytics.counting;

/**
 * Strict UTF-8 validation of byte slices, as the JDK's decoder and protobuf's parser judge
 * them: the CSV reader's check of every field and a stage's check of every string it reads
 * from the wire.
 */
public final class WellFormedUtf8 {

  private WellFormedUtf8() {}

  /**
   * The index of the first byte of {@code bytes[from..to)} that does not start a
   * well-formed UTF-8 sequence (a stray continuation byte, a truncated sequence, an
   * overlong form, an encoded surrogate or a code point past U+10FFFF), or -1 when the
   * whole slice is well formed.
   */
  public static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int lead = b & 0xFF;
      int length;
      int min;
      int max = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        // E0 needs A0.. (no overlong forms); ED needs ..9F (no surrogates).
        min = lead == 0xE0 ? 0xA0 : 0x80;
        max = lead == 0xED ? 0x9F : 0xBF;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        // F0 needs 90.. (no overlong forms); F4 needs ..8F (nothing past U+10FFFF).
        min = lead == 0xF0 ? 0x90 : 0x80;
        max = lead == 0xF4 ? 0x8F : 0xBF;
      } else {
        return i;
      }
      if (i + length > to) {
        return i;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        int next = bytes[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }
}
