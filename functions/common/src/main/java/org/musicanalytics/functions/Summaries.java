package org.musicanalytics.functions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Every stage's answer as a mergeable summary: how partial answers over shards of the
 * input merge, and how a summary is finalised (ranked, cut to the top k).
 *
 * <p>The stages finalise their own answers with the same methods, so a merge of the
 * answers for any split of the input, merged in any order, equals the answer for the
 * whole input. Only {@code processing_time} differs: merged answers add it up.
 */
public final class Summaries {

  private Summaries() {}

  // ---- play counts ----------------------------------------------------------------

  /** Counts add; every key keeps its parts. */
  public static PlayCounts merge(PlayCounts a, PlayCounts b) {
    Map<String, Long> counts = new HashMap<>(a.getPlayCountsMap());
    b.getPlayCountsMap().forEach((key, plays) -> counts.merge(key, plays, Math::addExact));
    Map<String, Song> songs = new HashMap<>(a.getSongsMap());
    b.getSongsMap().forEach((key, song) -> songs.merge(key, song, Summaries::canonicalSong));
    return PlayCounts.newBuilder()
        .putAllPlayCounts(counts)
        .putAllSongs(songs)
        .setProcessingTime(a.getProcessingTime() + b.getProcessingTime())
        .build();
  }

  /**
   * Of two songs behind one display key (artist "A - B" with song "S" and artist "A"
   * with song "B - S" share the key "A - B - S"), the one every merge order keeps.
   */
  public static Song canonicalSong(Song a, Song b) {
    int byArtist = a.getArtist().compareTo(b.getArtist());
    if (byArtist != 0) {
      return byArtist < 0 ? a : b;
    }
    return a.getSongId().compareTo(b.getSongId()) <= 0 ? a : b;
  }

  /**
   * The whole global ranking: plays descending, then key ascending.
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
   */
  public static List<RankedSong> rankingHead(PlayCounts counts) {
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

  // ---- users ----------------------------------------------------------------------

  /** A finished user summary: the top artist is the most played, ties by name. */
  public static UserStat userStat(String userId, long totalSeconds,
      Map<String, Long> artistPlays) {
    return UserStat.newBuilder()
        .setUserId(userId)
        .setTotalTime(totalSeconds)
        .setTopArtist(topArtist(artistPlays))
        .putAllArtistPlays(artistPlays)
        .build();
  }

  /** The most played artist, ties by name; {@code ""} for none. */
  public static String topArtist(Map<String, Long> artistPlays) {
    return artistPlays.isEmpty() ? "" : Ranking.top(artistPlays, 1).get(0);
  }

  /**
   * A finished user list: users by id ascending, and the top users by total time
   * descending, then id ascending.
   */
  public static UserStatsList.Builder userStats(Collection<UserStat> users) {
    List<UserStat> byId = new ArrayList<>(users);
    byId.sort(Comparator.comparing(UserStat::getUserId));
    Map<String, Long> totals = new HashMap<>(byId.size() * 2);
    for (UserStat user : byId) {
      totals.put(user.getUserId(), user.getTotalTime());
    }
    return UserStatsList.newBuilder()
        .addAllUserStats(byId)
        .addAllTopUsers(Ranking.top(totals, Ranking.TOP_K));
  }

  /**
   * Totals and per-artist plays of the same user add; the top artist and top users are
   * recomputed from them.
   *
   * @throws IllegalArgumentException if a user on both sides lacks {@code artist_plays}
   */
  public static UserStatsList merge(UserStatsList a, UserStatsList b) {
    Map<String, UserStat> byUser = new TreeMap<>();
    for (UserStatsList side : List.of(a, b)) {
      for (UserStat user : side.getUserStatsList()) {
        byUser.merge(user.getUserId(), user, Summaries::mergeUser);
      }
    }
    return userStats(byUser.values())
        .setProcessingTime(a.getProcessingTime() + b.getProcessingTime())
        .build();
  }

  private static UserStat mergeUser(UserStat a, UserStat b) {
    if (a.getArtistPlaysCount() == 0 || b.getArtistPlaysCount() == 0) {
      throw new IllegalArgumentException("cannot merge the summaries of user '"
          + a.getUserId() + "': artist_plays is missing, so the top artist is unknown");
    }
    Map<String, Long> artistPlays = new HashMap<>(a.getArtistPlaysMap());
    b.getArtistPlaysMap().forEach((artist, plays) -> artistPlays.merge(artist, plays,
        Math::addExact));
    return userStat(a.getUserId(), Math.addExact(a.getTotalTime(), b.getTotalTime()),
        artistPlays);
  }

  // ---- genres ---------------------------------------------------------------------

  /** A finished genre answer: every genre ranked by plays, then name. */
  public static GenreAnalysisResponse.Builder genres(Map<String, Long> counts) {
    return GenreAnalysisResponse.newBuilder()
        .putAllGenreCounts(counts)
        .addAllTopGenres(Ranking.rank(counts));
  }

  /** Counts add; the ranking is recomputed. */
  public static GenreAnalysisResponse merge(GenreAnalysisResponse a, GenreAnalysisResponse b) {
    Map<String, Long> counts = new HashMap<>(a.getGenreCountsMap());
    b.getGenreCountsMap().forEach((genre, plays) -> counts.merge(genre, plays, Math::addExact));
    return genres(counts)
        .setProcessingTime(a.getProcessingTime() + b.getProcessingTime())
        .build();
  }

  // ---- recommendations ------------------------------------------------------------

  /**
   * The request for one shard of users: the head of the global ranking they need
   * ({@link #rankingHead}), also as play counts for hosts that predate {@code ranking},
   * and, per user, only what recommending reads (id and top artist), not the whole
   * play-count map.
   */
  public static RecommendationRequest recommendationRequest(PlayCounts counts,
      List<UserStat> users) {
    return recommendationRequest(rankingHead(counts), users);
  }

  /** As {@link #recommendationRequest(PlayCounts, List)} with the head computed once. */
  public static RecommendationRequest recommendationRequest(List<RankedSong> rankingHead,
      List<UserStat> users) {
    UserStatsList.Builder shard = UserStatsList.newBuilder();
    for (UserStat user : users) {
      shard.addUserStats(UserStat.newBuilder()
          .setUserId(user.getUserId())
          .setTopArtist(user.getTopArtist()));
    }
    // The head goes as play counts too: a host of the old contract ignores `ranking` and
    // ranks play_counts, which then gives it the same trending songs.
    PlayCounts.Builder headCounts = PlayCounts.newBuilder();
    for (RankedSong song : rankingHead) {
      headCounts.putPlayCounts(song.getKey(), song.getPlays());
    }
    return RecommendationRequest.newBuilder()
        .addAllRanking(rankingHead)
        .setPlayCounts(headCounts)
        .setUserStats(shard)
        .build();
  }

  /**
   * Answers for disjoint shards of users join; both carry the same trending songs (an
   * answer for no users may carry none).
   *
   * @throws IllegalArgumentException if the trending songs differ or a user is on both
   *     sides
   */
  public static RecommendationResponse merge(RecommendationResponse a,
      RecommendationResponse b) {
    List<String> trendingA = a.getTrendingSongsList();
    List<String> trendingB = b.getTrendingSongsList();
    if (!trendingA.isEmpty() && !trendingB.isEmpty() && !trendingA.equals(trendingB)) {
      throw new IllegalArgumentException("cannot merge recommendations computed from "
          + "different rankings: trending " + trendingA + " vs " + trendingB);
    }
    Map<String, SongKeys> recommendations = new TreeMap<>(a.getRecommendationsMap());
    for (Map.Entry<String, SongKeys> user : b.getRecommendationsMap().entrySet()) {
      if (recommendations.putIfAbsent(user.getKey(), user.getValue()) != null) {
        throw new IllegalArgumentException("user '" + user.getKey()
            + "' has recommendations from two shards");
      }
    }
    return RecommendationResponse.newBuilder()
        .addAllTrendingSongs(trendingA.isEmpty() ? trendingB : trendingA)
        .putAllRecommendations(recommendations)
        .setProcessingTime(a.getProcessingTime() + b.getProcessingTime())
        .build();
  }
}
