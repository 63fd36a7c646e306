package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/** Property: any sharding, merged in any order, equals one unsharded pass. */
class ShardedMapReduceTest {

  private static final int TRIALS = 300;

  private final AggregateStream aggregateStream = new AggregateStream();
  private final AnalyzeGenres analyzeGenres = new AnalyzeGenres();

  @Test
  void shouldMergeShardPlayCountsIntoTheUnshardedAnswer() {
    Random random = new Random(20261127L);
    for (int trial = 0; trial < TRIALS; trial++) {
      List<StreamRecord> plays = RandomPlays.plays(random, 60);
      List<StreamList> shards = RandomPlays.shards(random, plays);

      PlayCounts whole =
          aggregateStream.apply(StreamList.newBuilder().addAllRecords(plays).build());
      PlayCounts merged = RandomPlays.mergeInRandomOrder(random,
          shards.stream().map(aggregateStream).toList(), PlayCountsAnswer::merge);

      assertThat(merged.getPlayCountsMap()).as("trial %d", trial)
          .isEqualTo(whole.getPlayCountsMap());
      assertThat(merged.getSongsMap()).as("trial %d", trial).isEqualTo(whole.getSongsMap());
      // Every key keeps the parts that rank it (and make it).
      assertThat(merged.getSongsMap().keySet()).isEqualTo(merged.getPlayCountsMap().keySet());
    }
  }

  @Test
  void shouldMergeShardGenreCountsIntoTheUnshardedAnswer() {
    Random random = new Random(7L);
    for (int trial = 0; trial < TRIALS; trial++) {
      List<StreamRecord> plays = RandomPlays.plays(random, 60);
      List<StreamList> shards = RandomPlays.shards(random, plays);

      GenreAnalysisResponse whole =
          analyzeGenres.apply(StreamList.newBuilder().addAllRecords(plays).build());
      GenreAnalysisResponse merged = RandomPlays.mergeInRandomOrder(random,
          shards.stream().map(analyzeGenres).toList(), GenreAnswer::merge);

      assertThat(merged.toBuilder().clearProcessingTime().build()).as("trial %d", trial)
          .isEqualTo(whole.toBuilder().clearProcessingTime().build());
    }
  }
}
