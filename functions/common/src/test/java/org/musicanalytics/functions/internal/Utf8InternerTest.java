package org.musicanalytics.functions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.Song;

class Utf8InternerTest {

  @Test
  void shouldDecodeEachDistinctStringOnce() throws Exception {
    Utf8Interner strings = new Utf8Interner();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) { // past several resizes
      byte[] bytes = ("x" + i + " Björk 🎵").getBytes(StandardCharsets.UTF_8);
      first.add(strings.intern(bytes, 0, bytes.length));
    }
    for (int i = 0; i < 2_000; i++) {
      byte[] padded = ("__x" + i + " Björk 🎵__").getBytes(StandardCharsets.UTF_8);
      String again = strings.intern(padded, 2, padded.length - 4);

      assertThat(again).isSameAs(first.get(i)).isEqualTo("x" + i + " Björk 🎵");
    }
    assertThat(strings.size()).isEqualTo(2_000);
    assertThat(strings.intern(new byte[0], 0, 0)).isEmpty();
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
      assertThatThrownBy(() -> new Utf8Interner().intern(bytes, 0, bytes.length))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> Utf8Interner.requireUtf8(bytes, 0, bytes.length))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }
}
