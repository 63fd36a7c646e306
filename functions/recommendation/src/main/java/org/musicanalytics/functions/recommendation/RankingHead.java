package org.musicanalytics.functions.recommendation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.Song;

/**
 * The head of the global ranking of songs that {@code recommend} needs: the trending songs
 * and every user's picks, whatever their top artist, without the rest of the ranking.
 */
public final class RankingHead {

  private RankingHead() {}

  /**
   * The whole global ranking: plays descending, then key ascending, each song with its
   * artist.
   *
   * @throws IllegalArgumentException if a key has no parts in {@code songs}
   */
  public static List<RankedSong> ranking(PlayCounts counts) {
    List<RankedSong> ranking = new ArrayList<>(counts.getPlayCountsCount());
    for (String key : Ranking.rank(counts.getPlayCountsMap())) {
      Song song = counts.getSongsMap().get(key);
      if (song == null) {
        throw new IllegalArgumentException("play_counts.songs has no entry for the key '"
            + key + "'; the artist of every counted song is needed to rank it");
      }
      ranking.add(RankedSong.newBuilder().setKey(key).setArtist(song.getArtist())
          .setPlays(counts.getPlayCountsOrThrow(key)).build());
    }
    return ranking;
  }

  /**
   * The shortest head of the global ranking that holds the trending songs and every
   * user's recommendations, whatever their top artist: recommendations skip the songs
   * of one artist, so a head with at least {@link Ranking#TOP_K} songs by artists other
   * than its most frequent one holds the first {@code TOP_K} picks of every user.
   *
   * @throws IllegalArgumentException as {@link #ranking}
   */
  public static List<RankedSong> of(PlayCounts counts) {
    List<RankedSong> ranking = ranking(counts);
    Map<String, Integer> songsByArtist = new HashMap<>();
    int mostByOneArtist = 0;
    for (int size = 1; size <= ranking.size(); size++) {
      int byArtist = songsByArtist.merge(ranking.get(size - 1).getArtist(), 1, Integer::sum);
      mostByOneArtist = Math.max(mostByOneArtist, byArtist);
      if (size >= Ranking.TOP_K && size - mostByOneArtist >= Ranking.TOP_K) {
        return List.copyOf(ranking.subList(0, size));
      }
    }
    return ranking;
  }
}
