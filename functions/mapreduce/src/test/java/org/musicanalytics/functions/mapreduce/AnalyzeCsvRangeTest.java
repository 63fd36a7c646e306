package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.csv.CsvRange;
import org.musicanalytics.csv.CsvRanges;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class AnalyzeCsvRangeTest {

  @Test
  void shouldCountWhatAnalyzeShardCountsForTheSameRowsWhateverTheRanges() throws Exception {
    StringBuilder csv = new StringBuilder("\uFEFFgenre,user_id,song_id,artist,duration,"
        + "timestamp\r\n");
    StreamList.Builder records = StreamList.newBuilder();
    for (int i = 0; i < 60; i++) {
      String user = "U" + (i % 7);
      String song = "S" + (i % 11);
      String artist = i % 5 == 0 ? "\"A, \"\"quoted\"\"\"" : "Artist" + (i % 4);
      String genre = "G" + (i % 3);
      csv.append(genre).append(',').append(user).append(',').append(song).append(',')
          .append(artist).append(',').append(i).append(",2025-01-01T10:00:00\r\n");
      records.addRecords(StreamRecord.newBuilder().setUserId(user).setSongId(song)
          .setArtist(i % 5 == 0 ? "A, \"quoted\"" : "Artist" + (i % 4))
          .setDuration(i).setTimestamp("2025-01-01T10:00:00").setGenre(genre));
    }
    csv.append("U9,S1,bad,row\r\n");
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    ShardCounts whole = new AnalyzeShard().apply(records.build());

    for (int size : new int[] {7, 64, 100, 333, bytes.length}) {
      MergedCounts merged = new MergedCounts();
      List<RangeSummary> ranges = new ArrayList<>();
      List<String> header = CsvRange.header(new ByteArrayInputStream(bytes), "s3://b/k");
      for (long start = 0; start < bytes.length; start += size) {
        CsvRangeRequest request = CsvRangeRequest.newBuilder().setBucket("b").setKey("k")
            .setStart(start).setEnd(Math.min(bytes.length, start + size))
            .addAllHeader(header).build();
        int from = (int) Math.max(0, start - 1);
        ShardCounts counts = new AnalyzeCsvRange().apply(request,
            new ByteArrayInputStream(bytes, from, bytes.length - from), "s3://b/k");
        merged.add(counts);
        ranges.add(AnalyzeCsvRange.summary(counts.getCsvRange()));
      }
      CsvRanges.Merged read = CsvRanges.merge("s3://b/k", ranges);
      assertThat(read.recordsRead()).as("size %d", size).isEqualTo(60);
      assertThat(read.firstRejections()).as("size %d", size).singleElement()
          .satisfies(row -> assertThat(row.line()).isEqualTo(62));
      MergedCounts expected = new MergedCounts();
      expected.add(whole);
      assertThat(merged.answer(new PlayCountsAnswer()).build()).as("size %d", size)
          .isEqualTo(expected.answer(new PlayCountsAnswer()).build());
      assertThat(merged.answer(new GenreAnswer()).build()).as("size %d", size)
          .isEqualTo(expected.answer(new GenreAnswer()).build());
      PlayCounts counts = merged.answer(new PlayCountsAnswer()).build();
      GenreAnalysisResponse genres = merged.answer(new GenreAnswer()).build();
      assertThat(counts.getPlayCountsMap()).isNotEmpty();
      assertThat(genres.getGenreCountsMap()).containsEntry("G0", 20L);
    }
  }
}
