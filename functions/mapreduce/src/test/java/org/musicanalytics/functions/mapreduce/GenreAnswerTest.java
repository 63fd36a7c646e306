package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.proto.GenreAnalysisResponse;

class GenreAnswerTest {

  @Test
  void shouldRankEveryGenreByPlaysThenName() {
    GenreAnalysisResponse genres = ShardCounter.ofAll().addAll(plays(
        play("u1", "s1", "A", 200, "Rock"),
        play("u1", "s2", "A", 100, "Pop"),
        play("u2", "s1", "A", 50, "Pop"),
        play("u2", "s3", "A", 50, "Jazz"))).answer(new GenreAnswer()).build();

    assertThat(genres.getGenreCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Pop", 2L, "Rock", 1L, "Jazz", 1L));
    assertThat(genres.getTopGenresList()).containsExactly("Pop", "Jazz", "Rock");
  }
}
