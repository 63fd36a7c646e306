package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WellFormedUtf8Test {

  /** Whether the JDK's decoder, told to report errors, takes the bytes as UTF-8. */
  private static boolean jdkDecodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void shouldAcceptEveryWellFormedTextAndPointAtTheFirstBadByte() {
    byte[] text = "aé坂🎵\u07FF\uFFFF\uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8);
    assertThat(WellFormedUtf8.firstInvalid(text, 0, text.length)).isEqualTo(-1);

    // A stray continuation byte, then a truncated sequence.
    assertThat(WellFormedUtf8.firstInvalid(bytes('a', 0x80), 0, 2)).isEqualTo(1);
    assertThat(WellFormedUtf8.firstInvalid(bytes('a', 0xC3), 0, 2)).isEqualTo(1);
    // A sequence cut by the end of the slice.
    assertThat(WellFormedUtf8.firstInvalid(bytes(0xC3, 0xA9), 0, 1)).isZero();
    // Overlong forms, a surrogate, and a code point past U+10FFFF.
    assertThat(WellFormedUtf8.firstInvalid(bytes(0xC0, 0xAF), 0, 2)).isZero();
    assertThat(WellFormedUtf8.firstInvalid(bytes(0xE0, 0x80, 0xAF), 0, 3)).isZero();
    assertThat(WellFormedUtf8.firstInvalid(bytes(0xED, 0xA0, 0x80), 0, 3)).isZero();
    assertThat(WellFormedUtf8.firstInvalid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4)).isZero();
    assertThat(WellFormedUtf8.firstInvalid(bytes('x', 0xE2, 0x82, 'y'), 0, 4)).isEqualTo(1);
  }

  @Test
  void shouldJudgeRandomBytesAsTheJdksDecoderAndProtobufDo() {
    Random random = new Random(11);
    int[] leads = {0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
        0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x8F, 0x90, 0x9F, 0xA0};
    for (int round = 0; round < 20_000; round++) {
      byte[] sample = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = (byte) leads[random.nextInt(leads.length)];
      }
      boolean wellFormed = WellFormedUtf8.firstInvalid(sample, 0, sample.length) < 0;
      String hex = java.util.HexFormat.of().formatHex(sample);
      assertThat(wellFormed).as("JDK: bytes %s", hex).isEqualTo(jdkDecodes(sample));
      // The generated parser's judgement, which a stage's wire path must match.
      assertThat(wellFormed).as("protobuf: bytes %s", hex)
          .isEqualTo(com.google.protobuf.ByteString.copyFrom(sample).isValidUtf8());
    }
  }
}
