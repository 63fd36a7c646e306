package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.HandMadeParts;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.Plays;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.proto.PlayCounts;

class PlayCountsAnswerTest {

  @Test
  void shouldAddTwoSongsBehindOneKeyKeepingTheCanonicalParts() {
    PlayCounts counts = new ShardCounter(EnumSet.of(ShardCounter.Part.PLAY_COUNTS))
        .addAll(Plays.twoSongsBehindOneKey()).answer(new PlayCountsAnswer()).build();

    // "A - B" + "s1" and "A" + "B - s1" share the key; the canonical parts are kept.
    assertThat(counts.getPlayCountsMap()).containsExactly(Map.entry("A - B - s1", 3L));
    assertThat(counts.getSongsOrThrow("A - B - s1").getArtist()).isEqualTo("A");
  }

  @Test
  void shouldMergeWhatCameByKeyOnlyAsTheAnswersMergeDoes() {
    PlayCounts byKey = HandMadeParts.playCountsByKey();
    PlayCounts counted = new AggregateStream().apply(plays(play("u1", "S1", "A")))
        .toBuilder().clearProcessingTime().build();
    MergedCounts merged = new MergedCounts();
    merged.add(byKey);
    merged.add(counted);
    merged.add(byKey);

    assertThat(merged.answer(new PlayCountsAnswer()).build())
        .isEqualTo(PlayCountsAnswer.merge(PlayCountsAnswer.merge(byKey, counted), byKey));
  }
}
