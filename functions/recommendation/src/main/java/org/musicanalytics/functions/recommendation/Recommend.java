package org.musicanalytics.functions.recommendation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.Ranking;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.StreamRecords;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.UserStat;

/**
 * {@code recommend}: the trending songs (the top of the global ranking: plays
 * descending, then key ascending), and for every user up to {@link Ranking#TOP_K} songs
 * whose artist is not exactly the user's top artist, taken from the global ranking in
 * order.
 *
 * <p>A song's artist comes from {@code play_counts.songs}, which this project's
 * map-reduce stage fills. A request built without it (by a client of the old contract
 * that constructs play counts itself) falls back to comparing the key's
 * {@code "<artist> - "} prefix, which is exact unless an artist's name itself contains
 * {@code " - "}.
 */
public final class Recommend implements Function<RecommendationRequest, RecommendationResponse> {

  @Override
  public RecommendationResponse apply(RecommendationRequest request) {
    StageClock clock = StageClock.start();
    validate(request);
    PlayCounts playCounts = request.getPlayCounts();
    List<String> ranking = Ranking.rank(playCounts.getPlayCountsMap());
    Map<String, Song> songs = playCounts.getSongsMap();

    RecommendationResponse.Builder response = RecommendationResponse.newBuilder()
        .addAllTrendingSongs(ranking.subList(0, Math.min(Ranking.TOP_K, ranking.size())));
    for (UserStat user : request.getUserStats().getUserStatsList()) {
      List<String> picks = new ArrayList<>(Ranking.TOP_K);
      for (String key : ranking) {
        if (picks.size() == Ranking.TOP_K) {
          break;
        }
        if (!isBy(key, songs.get(key), user.getTopArtist())) {
          picks.add(key);
        }
      }
      response.putRecommendations(user.getUserId(),
          SongKeys.newBuilder().addAllValues(picks).build());
    }
    return response.setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static boolean isBy(String key, Song song, String artist) {
    if (song != null) {
      return song.getArtist().equals(artist);
    }
    return key.startsWith(StreamRecords.songKey(artist, ""));
  }

  private static void validate(RecommendationRequest request) {
    List<UserStat> users = request.getUserStats().getUserStatsList();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      String userId = users.get(i).getUserId();
      if (userId.isEmpty()) {
        throw new InvalidRequestException(
            "user_stats.user_stats[" + i + "].user_id", "must not be empty");
      }
      if (!seen.add(userId)) {
        throw new InvalidRequestException(
            "user_stats.user_stats[" + i + "].user_id", "repeats user '" + userId + "'");
      }
    }
    for (Map.Entry<String, Long> entry : request.getPlayCounts().getPlayCountsMap().entrySet()) {
      if (entry.getValue() < 0) {
        throw new InvalidRequestException("play_counts.play_counts[\"" + entry.getKey() + "\"]",
            "must not be negative, was " + entry.getValue());
      }
    }
  }
}
