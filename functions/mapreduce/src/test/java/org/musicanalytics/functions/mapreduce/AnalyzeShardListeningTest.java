package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.ListeningSink;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.csv.CsvRange;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class AnalyzeShardListeningTest {

  private static final String CSV = "user_id,song_id,artist,genre,duration,timestamp\n"
      + "u1,s1,A,Pop,100,2025-01-01T10:00:00\n"
      + "u1,s1,A,Pop,100,2025-01-02T10:00:00\n"
      + "u2,s2,B,Rock,90,2025-01-02T11:00:00\n"
      + "u2,s1,A,Pop,80,2025-01-02T12:00:00\n";

  private static StreamList records() {
    StreamList.Builder records = StreamList.newBuilder();
    for (String line : CSV.split("\n")) {
      String[] f = line.split(",");
      if (!f[0].equals("user_id")) {
        records.addRecords(StreamRecord.newBuilder().setUserId(f[0]).setSongId(f[1])
            .setArtist(f[2]).setGenre(f[3]).setDuration(Integer.parseInt(f[4]))
            .setTimestamp(f[5]));
      }
    }
    return records.build();
  }

  /** The listening of answers merged: "user|song key" to plays. */
  private static Map<String, Long> listening(List<ShardCounts> answers) {
    MergedCounts merged = new MergedCounts();
    Map<String, Long> listens = new TreeMap<>();
    merged.forwardListeningTo(new ListeningSink() {
      @Override
      public void listened(int user, int song, long plays) {
        listens.merge(merged.user(user) + "|" + merged.songKey(song), plays, Long::sum);
      }

      @Override
      public void playedOn(int song, int epochDay, long plays) {}
    });
    answers.forEach(merged::add);
    return listens;
  }

  @Test
  void shouldCountTheShardsListeningOnlyWhenAsked() throws Exception {
    StreamList asked = records().toBuilder().setWithListening(true).build();

    ShardCounts withListening = new AnalyzeShard().apply(asked);
    ShardCounts fromWire = ShardCounts.parseFrom(new AnalyzeShard().applyWire(
        asked.toByteArray()));
    ShardCounts without = new AnalyzeShard().apply(records());

    Map<String, Long> expected = Map.of("u1|A - s1", 2L, "u2|A - s1", 1L, "u2|B - s2", 1L);
    assertThat(listening(List.of(withListening))).isEqualTo(expected);
    assertThat(listening(List.of(fromWire))).isEqualTo(expected);
    assertThat(without.getListenPlaysCount() + without.getSongDayPlaysCount()).isZero();
    assertThat(withListening.toBuilder().clearProcessingTime().clearListenUserIndex()
        .clearListenSongIndex().clearListenPlays().clearSongDaySongIndex().clearSongDayDay()
        .clearSongDayPlays().build())
        .isEqualTo(without.toBuilder().clearProcessingTime().build());
  }

  @Test
  void shouldNeverCountListeningInTheOldServices() {
    StreamList asked = records().toBuilder().setWithListening(true).build();

    assertThat(new AggregateStream().apply(asked).toBuilder().clearProcessingTime().build())
        .isEqualTo(new AggregateStream().apply(records()).toBuilder().clearProcessingTime()
            .build());
  }

  @Test
  void shouldCountTheRangesListeningOnlyWhenAsked() throws Exception {
    byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
    List<String> header = CsvRange.header(new ByteArrayInputStream(bytes), "s3://b/k");
    CsvRangeRequest.Builder request = CsvRangeRequest.newBuilder().setBucket("b").setKey("k")
        .addAllHeader(header);
    long middle = bytes.length / 2;
    CsvRangeRequest first = request.setStart(0).setEnd(middle).setWithListening(true).build();
    CsvRangeRequest second = request.setStart(middle).setEnd(bytes.length).build();

    ShardCounts a = new AnalyzeCsvRange().apply(first, new ByteArrayInputStream(bytes), "k");
    ShardCounts b = new AnalyzeCsvRange().apply(second, new ByteArrayInputStream(bytes,
        (int) middle - 1, bytes.length - (int) middle + 1), "k");
    ShardCounts notAsked = new AnalyzeCsvRange().apply(first.toBuilder()
        .setWithListening(false).build(), new ByteArrayInputStream(bytes), "k");

    assertThat(listening(List.of(a, b))).isEqualTo(Map.of("u1|A - s1", 2L, "u2|A - s1", 1L,
        "u2|B - s2", 1L));
    assertThat(notAsked.getListenPlaysCount() + notAsked.getSongDayPlaysCount()).isZero();
  }
}
