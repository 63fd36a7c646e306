package org.musicanalytics.functions.recommendation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code recommend} called per shard of users: the request for one shard, which carries
 * only the {@link RankingHead} and what recommending reads of each user, and the merge of
 * the shards' answers.
 */
public final class RecommendationShards {

  private RecommendationShards() {}

  /**
   * The request for one shard of users: the head of the global ranking they need
   * ({@link RankingHead#of}), also as play counts for hosts that predate {@code ranking},
   * and, per user, only what recommending reads (id and top artist), not the whole
   * play-count map.
   */
  public static RecommendationRequest request(PlayCounts counts, List<UserStat> users) {
    return request(RankingHead.of(counts), users);
  }

  /** As {@link #request(PlayCounts, List)} with the head computed once. */
  public static RecommendationRequest request(List<RankedSong> rankingHead,
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
   * Answers for disjoint shards of users joined; both carry the same trending songs (an
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
