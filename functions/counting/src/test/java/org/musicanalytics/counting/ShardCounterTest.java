package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class ShardCounterTest {

  @Test
  void shouldCountEveryPartInOnePass() {
    CountsSnapshot counts = ShardCounter.ofAll().addAll(Plays.twoSongsBehindOneKey())
        .answer(CountsSnapshot.ANSWER);

    // Two songs, whatever key an answer gives them.
    assertThat(counts.songPlays()).containsExactlyInAnyOrderEntriesOf(Map.of(
        List.of("A - B", "s1"), 2L, List.of("A", "B - s1"), 1L));
    assertThat(counts.userSeconds()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "u1", 300L, "u2", 50L));
    assertThat(counts.userArtistPlays()).containsExactlyInAnyOrderEntriesOf(Map.of(
        List.of("u1", "A - B"), 1L, List.of("u1", "A"), 1L, List.of("u2", "A - B"), 1L));
    assertThat(counts.genrePlays()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Pop", 2L, "Rock", 1L));
    assertThat(counts.topArtistsAsSent()).isEmpty();
    assertThat(counts.keyOnlyPlays()).isEmpty();
    assertThat(counts.keyOnlySongs()).isEmpty();
  }

  @Test
  void shouldCountOnlyThePartsAskedFor() {
    CountsSnapshot counts = new ShardCounter(EnumSet.of(ShardCounter.Part.GENRES))
        .addAll(plays(play("u1", "s1", "A"))).answer(CountsSnapshot.ANSWER);

    assertThat(counts.genrePlays()).containsExactly(Map.entry("Pop", 1L));
    assertThat(counts.songPlays()).isEmpty();
    assertThat(counts.userSeconds()).isEmpty();
    assertThat(counts.userArtistPlays()).isEmpty();
  }

  @Test
  void shouldGiveFromTheWireFormWhatItGivesFromTheParsedRequest() throws Exception {
    Random random = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      byte[] encoded = EncodedPlays.encode(random, RandomPlays.plays(random, 80));
      StreamList parsed = StreamList.parseFrom(encoded);

      ShardCounter plain = ShardCounter.ofAll().addAll(parsed);
      ShardCounter wire = ShardCounter.ofAll();
      int records = wire.addEncoded(encoded);

      assertThat(records).isEqualTo(parsed.getRecordsCount());
      assertThat(wire.answer(CountsSnapshot.ANSWER)).as("trial %d", trial)
          .isEqualTo(plain.answer(CountsSnapshot.ANSWER));
    }
  }

  @Test
  void shouldEncodeTheShardCountsAsTheGeneratedCodeEncodesThem() throws Exception {
    Random random = new Random(8);
    for (int trial = 0; trial < 200; trial++) {
      byte[] request = EncodedPlays.encode(random, RandomPlays.plays(random, 80));
      ShardCounter wire = ShardCounter.ofAll();
      wire.addEncoded(request);
      ShardCounter plain = ShardCounter.ofAll().addAll(StreamList.parseFrom(request));

      ShardCounts encoded = ShardCounts.parseFrom(wire.encodeShardCounts(StageClock.start()));

      assertThat(encoded.getProcessingTime()).isPositive();
      assertThat(encoded.toBuilder().clearProcessingTime().build()).as("trial %d", trial)
          .isEqualTo(plain.shardCounts().build());
      // Every string once; a user's seconds and a genre's plays beside it.
      assertThat(encoded.getUserIdsList()).doesNotHaveDuplicates()
          .hasSize(encoded.getUserSecondsCount());
      assertThat(encoded.getGenreNamesList()).doesNotHaveDuplicates()
          .hasSize(encoded.getGenrePlaysCount());
      assertThat(encoded.getArtistsList()).doesNotHaveDuplicates();
      assertThat(encoded.getSongIdsList()).doesNotHaveDuplicates();
    }
  }

  @Test
  void shouldRejectTheFirstBadRecordOfTheWireFormAsValidateDoes() throws Exception {
    Random random = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      List<StreamRecord> records = new ArrayList<>(RandomPlays.plays(random, 20));
      for (int bad = random.nextInt(3) + 1; bad > 0; bad--) {
        int at = random.nextInt(records.size() + 1);
        records.add(at, random.nextBoolean()
            ? play("", "s", "A", 1, "Pop") : play("u", "s", "A", -1 - random.nextInt(9), "Pop"));
      }
      byte[] encoded = EncodedPlays.encode(random, records);
      StreamList parsed;
      try {
        parsed = StreamList.parseFrom(encoded);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
      Throwable expected = catchThrowable(() -> StreamRecords.validate(parsed));
      if (expected == null) {
        // An earlier occurrence of the record gave it a user: it is valid after all.
        ShardCounter wire = ShardCounter.ofAll();
        assertThat(wire.addEncoded(encoded)).isEqualTo(parsed.getRecordsCount());
        assertThat(wire.answer(CountsSnapshot.ANSWER))
            .isEqualTo(ShardCounter.ofAll().addAll(parsed).answer(CountsSnapshot.ANSWER));
        continue;
      }

      assertThat(expected).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> ShardCounter.ofAll().addEncoded(encoded))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(expected.getMessage())
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo(((InvalidRequestException) expected).field());
    }
  }

  @Test
  void shouldFailOnBytesTheGeneratedParserRejects() {
    byte[] good = plays(play("u1", "s1", "Björk")).toByteArray();
    List<byte[]> bad = new ArrayList<>();
    bad.add(java.util.Arrays.copyOf(good, good.length - 1)); // truncated
    byte[] notUtf8 = good.clone();
    int at = indexOf(notUtf8, "Bj".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + 2;
    notUtf8[at] = (byte) 0xC0; // an overlong encoding's lead byte
    bad.add(notUtf8);
    byte[] timestampNotUtf8 = good.clone();
    timestampNotUtf8[indexOf(good, "2025".getBytes(java.nio.charset.StandardCharsets.UTF_8))] =
        (byte) 0xFF;
    bad.add(timestampNotUtf8);
    bad.add(new byte[] {0x0C}); // an end-group tag at the top level
    bad.add(new byte[] {0x0A, 0x02, 0x0C, 0x00}); // an end-group tag in a record
    bad.add(new byte[] {0x0F}); // wire type 7
    bad.add(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});

    for (byte[] bytes : bad) {
      assertThatThrownBy(() -> StreamList.parseFrom(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> ShardCounter.ofAll().addEncoded(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }

  @Test
  void shouldSkipUnknownFieldsAsTheGeneratedParserReadsThem() throws Exception {
    // A varint whose tenth byte still has its continuation bit set: the generated parser
    // reads it (readInt64), CodedInputStream.skipField would refuse it.
    String longVarint = "f8a9c0c7b58ee9c5ff83";
    String unknown = "a801" + longVarint // field 21, varint
        + "b301" + "a801" + longVarint + "b401"; // group 22 holding one
    byte[] record = java.util.HexFormat.of().parseHex(
        "0a027531" + "1a0141" + "2005" + unknown); // u1, artist A, 5 s
    byte[] request = concat(new byte[] {0x0a, (byte) record.length}, record,
        java.util.HexFormat.of().parseHex(unknown));
    StreamList parsed = StreamList.parseFrom(request);

    ShardCounter wire = ShardCounter.ofAll();
    assertThat(wire.addEncoded(request)).isEqualTo(1);
    assertThat(wire.answer(CountsSnapshot.ANSWER))
        .isEqualTo(ShardCounter.ofAll().addAll(parsed).answer(CountsSnapshot.ANSWER));
  }

  @Test
  void shouldRefuseGroupsNestedAsDeepAsTheGeneratedParserRefuses() throws Exception {
    for (int depth = 97; depth <= 102; depth++) {
      byte[] groups = concat(filled((byte) 0x0B, depth), filled((byte) 0x0C, depth));
      byte[] record = concat(java.util.HexFormat.of().parseHex("0a027531"), groups);
      byte[] inRecord = concat(new byte[] {0x0a, (byte) record.length}, record);
      byte[] atTop = concat(java.util.HexFormat.of().parseHex("0a040a027531"), groups);
      for (byte[] request : List.of(inRecord, atTop)) {
        boolean parses;
        try {
          StreamList.parseFrom(request);
          parses = true;
        } catch (InvalidProtocolBufferException e) {
          parses = false;
        }
        if (parses) {
          assertThat(ShardCounter.ofAll().addEncoded(request)).as("depth %d", depth)
              .isEqualTo(1);
        } else {
          assertThatThrownBy(() -> ShardCounter.ofAll().addEncoded(request))
              .as("depth %d", depth).isInstanceOf(InvalidProtocolBufferException.class);
        }
      }
    }
  }

  private static byte[] filled(byte value, int count) {
    byte[] bytes = new byte[count];
    java.util.Arrays.fill(bytes, value);
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
