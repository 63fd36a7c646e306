package org.musicanalytics.counting.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.Song;

class Utf8InternerTest {

  @Test
  void shouldGiveDenseIdsInTheOrderFirstSeen() throws Exception {
    Utf8Interner strings = new Utf8Interner();
    for (int i = 0; i < 2_000; i++) { // past several resizes
      byte[] bytes = ("x" + i + " Björk 🎵").getBytes(StandardCharsets.UTF_8);
      assertThat(strings.id(bytes, 0, bytes.length)).isEqualTo(i);
    }
    for (int i = 0; i < 2_000; i++) {
      // Elsewhere in a buffer, with bytes around it that the hash must not read.
      byte[] padded = ("__x" + i + " Björk 🎵__").getBytes(StandardCharsets.UTF_8);
      assertThat(strings.id(padded, 2, padded.length - 4)).isEqualTo(i);
      assertThat(strings.string(i)).isEqualTo("x" + i + " Björk 🎵");
      assertThat(strings.id("x" + i + " Björk 🎵")).isEqualTo(i);
    }
    assertThat(strings.size()).isEqualTo(2_000);
    assertThat(strings.id(new byte[0], 0, 0)).isEqualTo(2_000);
    assertThat(strings.string(2_000)).isEmpty();
    assertThat(strings.id("")).isEqualTo(2_000);
  }

  @Test
  void shouldTellApartStringsOfEveryLengthAsAMapDoes() throws Exception {
    Random random = new Random(3);
    Utf8Interner strings = new Utf8Interner();
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      // Short strings over few letters: many share prefixes, lengths and 8-byte words.
      StringBuilder text = new StringBuilder();
      for (int length = random.nextInt(20); length > 0; length--) {
        text.append("ab\u00e9".charAt(random.nextInt(3)));
      }
      String value = text.toString();
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      int id = random.nextBoolean() ? strings.id(value) : strings.id(bytes, 0, bytes.length);
      assertThat(id).isEqualTo(expected.computeIfAbsent(value, v -> expected.size()));
      assertThat(strings.string(id)).isEqualTo(value);
    }
    assertThat(strings.size()).isEqualTo(expected.size());
  }

  @Test
  void shouldKeepAStringWithAnUnpairedSurrogateApart() throws Exception {
    Utf8Interner strings = new Utf8Interner();
    int lossy = strings.id("a\uD800");
    byte[] question = "a?".getBytes(StandardCharsets.UTF_8);
    int plain = strings.id(question, 0, question.length);

    assertThat(lossy).isNotEqualTo(plain);
    assertThat(strings.string(lossy)).isEqualTo("a\uD800");
    assertThat(strings.id("a\uD800")).isEqualTo(lossy);
    assertThat(strings.id("a?")).isEqualTo(plain);
  }

  @Test
  void shouldWriteAFieldAsGeneratedCodeWrites() throws Exception {
    Utf8Interner strings = new Utf8Interner();
    int id = strings.id("Björk");
    byte[] bytes = new byte[strings.fieldSize(2, id)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    strings.writeField(out, 2, id);
    out.checkNoSpaceLeft();

    assertThat(bytes).isEqualTo(Song.newBuilder().setSongId("Björk").build().toByteArray());
  }

  @Test
  void shouldRejectWhatTheGeneratedParserRejects() {
    byte[][] invalid = {
        {(byte) 0xC0, (byte) 0x80}, // overlong
        {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
        {'a', 'b', (byte) 0xE2, (byte) 0x82}, // truncated
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xFF}};
    for (byte[] bytes : invalid) {
      byte[] song = new byte[bytes.length + 2]; // artist = bytes
      song[0] = 0x0A;
      song[1] = (byte) bytes.length;
      System.arraycopy(bytes, 0, song, 2, bytes.length);
      assertThatThrownBy(() -> Song.parseFrom(song))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> new Utf8Interner().id(bytes, 0, bytes.length))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> Utf8Interner.requireUtf8(bytes, 0, bytes.length))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }
}
