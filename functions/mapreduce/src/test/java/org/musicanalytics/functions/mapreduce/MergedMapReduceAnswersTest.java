package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.RandomMerges;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;

/**
 * Property: the play-count and genre answers made from {@link MergedCounts} are exactly what
 * the answers' own merges give for the same parts, whether the parts come as the plain
 * stages' answers or as the fused call's counts, in any order; and so one unsharded pass.
 */
class MergedMapReduceAnswersTest {

  private static final int TRIALS = 300;

  /** One shard's answers: the two plain ones, and the fused call's counts. */
  private record Part(PlayCounts counts, GenreAnalysisResponse genres, ShardCounts shard) {}

  /** What the stages answer for a shard, each with a random processing time. */
  private static Part part(StreamList shard, Random random) {
    ShardCounter counter = ShardCounter.ofAll().addAll(shard);
    return new Part(
        counter.answer(new PlayCountsAnswer()).setProcessingTime(random.nextDouble()).build(),
        counter.answer(new GenreAnswer()).setProcessingTime(random.nextDouble()).build(),
        RandomMerges.shardCounts(shard, random));
  }

  @Test
  void shouldEqualTheAnswersMergeForAnyShardingAndOrder() {
    RandomPlays.forEachSharding(20261127L, TRIALS, 80, (trial, random, plays, shards) -> {
      List<Part> parts = shards.stream().map(shard -> part(shard, random)).toList();

      PlayCounts mergedCounts = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(Part::counts).toList(), PlayCountsAnswer::merge);
      GenreAnalysisResponse mergedGenres = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(Part::genres).toList(), GenreAnswer::merge);
      List<Part> plain = new ArrayList<>();
      MergedCounts merged = RandomMerges.merge(random, parts, Part::shard, (into, part) -> {
        into.add(part.counts());
        into.add(part.genres());
      }, plain, new ArrayList<>());

      PlayCounts counts = merged.answer(new PlayCountsAnswer()).build();
      GenreAnalysisResponse genres = merged.answer(new GenreAnswer()).build();
      assertThat(counts).as("trial %d", trial)
          .isEqualTo(mergedCounts.toBuilder().clearProcessingTime().build());
      assertThat(genres).as("trial %d", trial)
          .isEqualTo(mergedGenres.toBuilder().clearProcessingTime().build());
      // Sums of the same doubles in another order: equal up to rounding. The fused call's
      // counts hold the time of their whole pass, the plain answers each their own.
      assertThat(merged.playCountsTime()).isCloseTo(
          plain.stream().mapToDouble(part -> part.counts().getProcessingTime()).sum(),
          within(1e-9));
      assertThat(merged.genresTime()).isCloseTo(
          plain.stream().mapToDouble(part -> part.genres().getProcessingTime()).sum(),
          within(1e-9));

      // And so one unsharded pass.
      StreamList whole = StreamList.newBuilder().addAllRecords(plays).build();
      assertThat(counts).isEqualTo(
          new AggregateStream().apply(whole).toBuilder().clearProcessingTime().build());
      assertThat(genres).isEqualTo(
          new AnalyzeGenres().apply(whole).toBuilder().clearProcessingTime().build());
    });
  }
}
