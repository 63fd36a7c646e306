package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.util.Map;
import java.util.function.Consumer;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.functions.mapreduce.GenreAnswer;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.Song;

/**
 * The map-reduce functions' answers to the request of {@code events/aggregateStream.json}
 * and {@code events/analyzeGenres.json} (and of their {@code -http} twins): the first 12
 * rows of data/stream_data.csv, counted by hand. Each check parses the response JSON
 * strictly into the response message.
 */
final class MapReduceSampleResponses {

  /** The check of each function's sample response, by function definition. */
  static final Map<String, Consumer<byte[]>> BY_DEFINITION = Map.of(
      "aggregateStream", MapReduceSampleResponses::assertPlayCounts,
      "analyzeGenres", MapReduceSampleResponses::assertGenres,
      "analyzeShard", MapReduceSampleResponses::assertShardCounts);

  private MapReduceSampleResponses() {}

  static void assertPlayCounts(byte[] json) {
    PlayCounts counts = parse(json, PlayCounts.newBuilder());
    assertThat(counts.getPlayCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Billie Eilish - S007", 2L,
        "Drake - S006", 2L,
        "Taylor Swift - S004", 1L,
        "Adele - S005", 2L,
        "Bruno Mars - S008", 2L,
        "Drake - S010", 2L,
        "Imagine Dragons - S002", 1L));
    assertThat(counts.getSongsMap()).hasSize(7).containsEntry("Drake - S010",
        Song.newBuilder().setArtist("Drake").setSongId("S010").build());
    assertThat(counts.getProcessingTime()).isPositive();
  }

  static void assertGenres(byte[] json) {
    assertGenres((GenreAnalysisResponse) parse(json, GenreAnalysisResponse.newBuilder()));
  }

  /** The fused pass on the same records: its counts give the same genres. */
  static void assertShardCounts(byte[] json) {
    MergedCounts merged = new MergedCounts();
    merged.add((ShardCounts) parse(json, ShardCounts.newBuilder()));
    assertGenres(merged.answer(new GenreAnswer()).build());
  }

  private static void assertGenres(GenreAnalysisResponse genres) {
    assertThat(genres.getGenreCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Hip-Hop", 4L, "Alternative", 2L, "Funk", 2L, "Soul", 2L, "Pop", 1L, "Rock", 1L));
    assertThat(genres.getTopGenresList())
        .containsExactly("Hip-Hop", "Alternative", "Funk", "Soul", "Pop", "Rock");
  }
}
