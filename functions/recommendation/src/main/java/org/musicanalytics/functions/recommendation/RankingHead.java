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

  /** How many songs {@link #of} picks first: heads are a few songs long. */
  private static final int FIRST_PICK = 64;

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
        throw noSong(key);
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
   * <p>The head is the first of the {@link #ranking}, picked without ranking every song: a
   * longer first part of the ranking is picked only while the shorter one holds no head.
   *
   * @throws IllegalArgumentException as {@link #ranking}
   */
  public static List<RankedSong> of(PlayCounts counts) {
    Map<String, Long> plays = counts.getPlayCountsMap();
    Map<String, Song> songs = counts.getSongsMap();
    requireSongs(plays, songs);
    for (int limit = FIRST_PICK; ; limit = limit > Integer.MAX_VALUE / 8 ? Integer.MAX_VALUE
        : limit * 8) {
      List<String> first = Ranking.top(plays, limit);
      int size = headSize(first, songs);
      if (size > 0 || first.size() < limit || limit == Integer.MAX_VALUE) {
        List<RankedSong> head = new ArrayList<>(size > 0 ? size : first.size());
        for (String key : size > 0 ? first.subList(0, size) : first) {
          head.add(RankedSong.newBuilder().setKey(key).setArtist(songs.get(key).getArtist())
              .setPlays(plays.get(key)).build());
        }
        return List.copyOf(head);
      }
    }
  }

  /** The shortest head within {@code ranked}, the first of the ranking; 0 if none is. */
  private static int headSize(List<String> ranked, Map<String, Song> songs) {
    Map<String, Integer> songsByArtist = new HashMap<>();
    int mostByOneArtist = 0;
    for (int size = 1; size <= ranked.size(); size++) {
      int byArtist = songsByArtist.merge(songs.get(ranked.get(size - 1)).getArtist(), 1,
          Integer::sum);
      mostByOneArtist = Math.max(mostByOneArtist, byArtist);
      if (size >= Ranking.TOP_K && size - mostByOneArtist >= Ranking.TOP_K) {
        return size;
      }
    }
    return 0;
  }

  /**
   * Fails as {@link #ranking} does, on the first song in the ranking without its parts in
   * {@code songs}.
   */
  private static void requireSongs(Map<String, Long> plays, Map<String, Song> songs) {
    Map<String, Long> missing = null;
    for (Map.Entry<String, Long> song : plays.entrySet()) {
      if (!songs.containsKey(song.getKey())) {
        if (missing == null) {
          missing = new HashMap<>();
        }
        missing.put(song.getKey(), song.getValue());
      }
    }
    if (missing != null) {
      throw noSong(Ranking.top(missing, 1).get(0));
    }
  }

  private static IllegalArgumentException noSong(String key) {
    return new IllegalArgumentException("play_counts.songs has no entry for the key '" + key
        + "'; the artist of every counted song is needed to rank it");
  }
}
