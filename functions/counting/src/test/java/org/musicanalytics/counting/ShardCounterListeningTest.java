package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class ShardCounterListeningTest {

  /** 2025-11-05 and 2025-11-06, in days since 1970-01-01. */
  private static final int NOV_5 = 20397;
  private static final int NOV_6 = 20398;

  private static StreamList fewPlays() {
    return plays(
        play("u1", "s1", "A", 200, "2025-11-05T10:00:00", "Pop"),
        play("u1", "s1", "A", 200, "2025-11-06T10:00:00", "Pop"),
        play("u1", "s2", "B", 100, "2025-11-05T11:00:00", "Rock"),
        play("u2", "s1", "A", 50, "2025-11-06T12:00:00", "Pop"),
        play("u2", "s1", "A", 50, "no date", "Pop"));
  }

  /** The listening of a ShardCounts by name: "user|song key" to plays. */
  static Map<String, Long> listens(ShardCounts counts) {
    Map<String, Long> listens = new HashMap<>();
    for (int i = 0; i < counts.getListenPlaysCount(); i++) {
      listens.merge(counts.getUserIds(counts.getListenUserIndex(i)) + "|"
          + songKey(counts, counts.getListenSongIndex(i)), counts.getListenPlays(i), Long::sum);
    }
    return listens;
  }

  /** The song-day plays of a ShardCounts by name: "song key|day" to plays. */
  static Map<String, Long> songDays(ShardCounts counts) {
    Map<String, Long> days = new HashMap<>();
    for (int i = 0; i < counts.getSongDayPlaysCount(); i++) {
      days.merge(songKey(counts, counts.getSongDaySongIndex(i)) + "|"
          + counts.getSongDayDay(i), counts.getSongDayPlays(i), Long::sum);
    }
    return days;
  }

  private static String songKey(ShardCounts counts, int entry) {
    return StreamRecords.songKey(counts.getArtists(counts.getSongArtistIndex(entry)),
        counts.getSongIds(counts.getSongIdIndex(entry)));
  }

  @Test
  void shouldCountPlaysPerUserAndSongAndPerSongAndDayByHand() {
    ShardCounts counts = new ShardCounter(EnumSet.allOf(ShardCounter.Part.class))
        .addAll(fewPlays()).shardCounts().build();

    assertThat(listens(counts)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "u1|A - s1", 2L, "u1|B - s2", 1L, "u2|A - s1", 2L));
    // The play with no date counts for its user, not on a day.
    assertThat(songDays(counts)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "A - s1|" + NOV_5, 1L, "A - s1|" + NOV_6, 2L, "B - s2|" + NOV_5, 1L));
    assertThat(counts.getListenPlaysCount()).isEqualTo(3);
    assertThat(counts.getSongDayPlaysCount()).isEqualTo(3);
  }

  @Test
  void shouldCountTheSameFromTheWireWhereverTheFlagIs() throws Exception {
    ShardCounts byRecord = new ShardCounter(EnumSet.allOf(ShardCounter.Part.class))
        .addAll(fewPlays()).shardCounts().build();
    byte[] records = fewPlays().toByteArray();
    byte[] flag = {(byte) StreamRecordTags.WITH_LISTENING, 1};
    // Generated code writes the flag after the records; the fused client, before them.
    byte[] flagLast = StreamList.newBuilder(fewPlays()).setWithListening(true).build()
        .toByteArray();
    byte[] flagFirst = concat(flag, records);
    byte[] flagBetween = concat(plays(fewPlays().getRecords(0)).toByteArray(), flag,
        plays(fewPlays().getRecordsList().subList(1, 5).toArray(StreamRecord[]::new))
            .toByteArray());

    for (byte[] request : List.of(flagLast, flagFirst, flagBetween)) {
      ShardCounter wire = ShardCounter.ofAll().withListeningOnRequest();
      assertThat(wire.addEncoded(request)).isEqualTo(5);
      ShardCounts encoded = ShardCounts.parseFrom(wire.encodeShardCounts(StageClock.start()));

      assertThat(wire.countsListening()).isTrue();
      assertThat(listens(encoded)).isEqualTo(listens(byRecord));
      assertThat(songDays(encoded)).isEqualTo(songDays(byRecord));
      // The codec writes what the generated code writes for the same counts.
      assertThat(encoded.toBuilder().clearProcessingTime().build())
          .isEqualTo(wire.shardCounts().build());
    }
  }

  @Test
  void shouldCountTheSameFromTheMessageWhenItAsks() {
    ShardCounts asked = ShardCounter.ofAll().withListeningOnRequest()
        .addAll(StreamList.newBuilder(fewPlays()).setWithListening(true).build())
        .shardCounts().build();

    assertThat(listens(asked)).containsEntry("u1|A - s1", 2L).hasSize(3);
  }

  @Test
  void shouldAnswerAsBeforeWhenNotAsked() throws Exception {
    byte[] request = fewPlays().toByteArray();
    byte[] asked = StreamList.newBuilder(fewPlays()).setWithListening(true).build()
        .toByteArray();

    ShardCounter before = ShardCounter.ofAll();
    before.addEncoded(request);
    ShardCounter notAsked = ShardCounter.ofAll().withListeningOnRequest();
    notAsked.addEncoded(request);
    // A counter that does not count listening on request (an old service's) ignores it.
    ShardCounter oldService = ShardCounter.ofAll();
    oldService.addEncoded(asked);

    ShardCounts expected = before.shardCounts().build();
    for (ShardCounter counter : List.of(notAsked, oldService)) {
      assertThat(counter.countsListening()).isFalse();
      ShardCounts counts = counter.shardCounts().build();
      assertThat(counts).isEqualTo(expected);
      assertThat(counts.getListenUserIndexCount() + counts.getListenSongIndexCount()
          + counts.getListenPlaysCount() + counts.getSongDaySongIndexCount()
          + counts.getSongDayDayCount() + counts.getSongDayPlaysCount()).isZero();
      // The same bytes as before, but for the processing time (the first field, fixed size).
      byte[] bytes = counter.encodeShardCounts(StageClock.start());
      byte[] old = before.encodeShardCounts(StageClock.start());
      assertThat(bytes).hasSameSizeAs(old);
      assertThat(Arrays.copyOfRange(bytes, 9, bytes.length))
          .isEqualTo(Arrays.copyOfRange(old, 9, old.length));
    }
  }

  @Test
  void shouldNotCountListeningWithoutTheUsersAndSongs() {
    assertThatThrownBy(() -> new ShardCounter(EnumSet.of(ShardCounter.Part.LISTENING,
        ShardCounter.Part.PLAY_COUNTS))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("users and play counts");
    assertThatThrownBy(() -> new ShardCounter(EnumSet.of(ShardCounter.Part.GENRES))
        .withListeningOnRequest()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMergeShardsListeningIntoTheWholeInputsUnderRunWideIds() throws Exception {
    Random random = new Random(3);
    List<StreamRecord> records = new ArrayList<>(RandomPlays.plays(random, 300));
    ShardCounts whole = new ShardCounter(EnumSet.allOf(ShardCounter.Part.class))
        .addAll(StreamList.newBuilder().addAllRecords(records).build()).shardCounts().build();
    Collections.shuffle(records, random);

    MergedCounts merged = new MergedCounts();
    Map<String, Long> listens = new HashMap<>();
    Map<String, Long> days = new HashMap<>();
    merged.forwardListeningTo(new ListeningSink() {
      @Override
      public void listened(int user, int song, long plays) {
        listens.merge(merged.user(user) + "|" + merged.songKey(song), plays, Long::sum);
      }

      @Override
      public void playedOn(int song, int epochDay, long plays) {
        days.merge(merged.songKey(song) + "|" + epochDay, plays, Long::sum);
      }
    });
    for (int from = 0; from < records.size(); from += 70) {
      StreamList shard = StreamList.newBuilder().setWithListening(true)
          .addAllRecords(records.subList(from, Math.min(from + 70, records.size()))).build();
      ShardCounter counter = ShardCounter.ofAll().withListeningOnRequest();
      counter.addEncoded(shard.toByteArray());
      merged.addEncoded(counter.encodeShardCounts(StageClock.start()));
      assertThat(merged.lastLacksListening()).isFalse();
    }

    assertThat(listens).isEqualTo(listens(whole));
    assertThat(days).isEqualTo(songDays(whole));
  }

  @Test
  void shouldTellAnAnswerWithoutListening() throws Exception {
    MergedCounts merged = new MergedCounts();
    ShardCounter old = ShardCounter.ofAll();
    old.addAll(fewPlays());
    merged.addEncoded(old.encodeShardCounts(StageClock.start()));
    assertThat(merged.lastLacksListening()).isTrue();

    merged.addEncoded(ShardCounter.ofAll().encodeShardCounts(StageClock.start()));
    assertThat(merged.lastLacksListening()).as("an empty shard lacks nothing").isFalse();
  }

  @Test
  void shouldRejectListeningThatIndexesNoSong() {
    ShardCounts counts = new ShardCounter(EnumSet.allOf(ShardCounter.Part.class))
        .addAll(fewPlays()).shardCounts().setListenSongIndex(0, 7).build();

    assertThatThrownBy(() -> new MergedCounts().add(counts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listen_song_index[0] is 7, but song_plays has 2 entries");
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
