package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;

/**
 * Play and genre counts past the int64 range: partial answers merged (by the client, over
 * shards) add int64 counts, which must never wrap: past int64 the merge fails instead of
 * answering a wrong number.
 */
class PlayCountsOverflowTest {

  private static final long HALF = Long.MAX_VALUE / 2 + 1;

  @Test
  void shouldFailRatherThanWrapCountsPastInt64() {
    PlayCounts counts = PlayCounts.newBuilder().putPlayCounts("A - S1", HALF).build();
    GenreAnalysisResponse genres =
        GenreAnalysisResponse.newBuilder().putGenreCounts("Pop", HALF).build();

    assertThatThrownBy(() -> PlayCountsAnswer.merge(counts, counts))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> GenreAnswer.merge(genres, genres))
        .isInstanceOf(ArithmeticException.class);
    MergedCounts merged = new MergedCounts();
    merged.add(counts);
    merged.add(genres);
    assertThatThrownBy(() -> merged.add(counts)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> merged.add(genres)).isInstanceOf(ArithmeticException.class);
  }
}
