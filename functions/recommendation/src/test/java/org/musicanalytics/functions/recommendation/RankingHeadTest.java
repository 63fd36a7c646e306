package org.musicanalytics.functions.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.Song;

/** Property: the head picked without ranking every song is the first of the whole ranking. */
class RankingHeadTest {

  /** The head as the first songs of the whole ranking, as it was found before picking. */
  private static List<RankedSong> headOfWholeRanking(PlayCounts counts) {
    List<RankedSong> ranking = RankingHead.ranking(counts);
    Map<String, Integer> byArtist = new HashMap<>();
    int most = 0;
    for (int size = 1; size <= ranking.size(); size++) {
      most = Math.max(most, byArtist.merge(ranking.get(size - 1).getArtist(), 1, Integer::sum));
      if (size >= 5 && size - most >= 5) {
        return ranking.subList(0, size);
      }
    }
    return ranking;
  }

  @Test
  void shouldPickTheFirstOfTheWholeRankingHoweverLongTheHead() {
    Random random = new Random(5);
    for (int trial = 0; trial < 300; trial++) {
      PlayCounts.Builder counts = PlayCounts.newBuilder();
      int songs = random.nextInt(2000);
      // Sometimes one artist leads for hundreds of songs: heads longer than a first pick.
      int leading = random.nextInt(4) == 0 ? random.nextInt(songs + 1) : random.nextInt(4);
      for (int i = 0; i < songs; i++) {
        String artist = i < leading ? "Lead" : "A" + random.nextInt(1 + random.nextInt(30));
        String key = artist + " - S" + i;
        long plays = i < leading ? 1_000_000 - i / 3 : random.nextInt(50);
        counts.putPlayCounts(key, plays)
            .putSongs(key, Song.newBuilder().setArtist(artist).setSongId("S" + i).build());
      }
      PlayCounts built = counts.build();

      assertThat(RankingHead.of(built)).isEqualTo(headOfWholeRanking(built));
    }
  }

  @Test
  void shouldNameTheBestRankedSongWithoutItsArtist() {
    PlayCounts.Builder counts = PlayCounts.newBuilder();
    for (int i = 0; i < 500; i++) {
      counts.putPlayCounts("A - S" + i, i);
      if (i != 7 && i != 9) {
        counts.putSongs("A - S" + i, Song.newBuilder().setArtist("A").setSongId("S" + i).build());
      }
    }

    assertThatThrownBy(() -> RankingHead.of(counts.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("play_counts.songs has no entry for the key 'A - S9'; the artist of every "
            + "counted song is needed to rank it");
    assertThatThrownBy(() -> RankingHead.ranking(counts.build()))
        .hasMessageContaining("'A - S9'");
  }
}
