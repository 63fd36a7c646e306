package org.musicanalytics.functions.recommendation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.counting.StreamRecords;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
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
 * <p>The ranking comes from the request's {@code ranking} when present (a head cut by
 * {@link RankingHead#of} for a shard of users), else from {@code play_counts}, whose
 * {@code songs} give each song's artist. A request of the old contract without them falls
 * back to the key's {@code "<artist> - "} prefix, exact unless an artist's name contains
 * {@code " - "}.
 */
public final class Recommend implements Function<RecommendationRequest, RecommendationResponse> {

  /** A ranked song; {@code artist} is null when the request did not say. */
  private record Candidate(String key, String artist) {

    boolean isBy(String topArtist) {
      if (artist != null) {
        return artist.equals(topArtist);
      }
      return key.startsWith(StreamRecords.songKey(topArtist, ""));
    }
  }

  @Override
  public RecommendationResponse apply(RecommendationRequest request) {
    StageClock clock = StageClock.start();
    validateUsers(request);
    List<Candidate> ranking = request.getRankingCount() > 0
        ? fromRanking(request.getRankingList())
        : fromPlayCounts(request.getPlayCounts());

    RecommendationResponse.Builder response = RecommendationResponse.newBuilder();
    for (Candidate song : ranking.subList(0, Math.min(Ranking.TOP_K, ranking.size()))) {
      response.addTrendingSongs(song.key());
    }
    // Users with one top artist get the same picks. Picking once per distinct top artist
    // keeps the work linear in the ranking: the songs an artist's picks skip are its own,
    // and each song has one artist; scanning per user could cost users x ranking.
    Map<String, SongKeys> picksByTopArtist = new HashMap<>();
    for (UserStat user : request.getUserStats().getUserStatsList()) {
      response.putRecommendations(user.getUserId(),
          picksByTopArtist.computeIfAbsent(user.getTopArtist(), top -> picks(ranking, top)));
    }
    return response.setProcessingTime(clock.elapsedSeconds()).build();
  }

  /** The first {@link Ranking#TOP_K} songs of {@code ranking} not by {@code topArtist}. */
  private static SongKeys picks(List<Candidate> ranking, String topArtist) {
    SongKeys.Builder picks = SongKeys.newBuilder();
    for (Candidate song : ranking) {
      if (picks.getValuesCount() == Ranking.TOP_K) {
        break;
      }
      if (!song.isBy(topArtist)) {
        picks.addValues(song.key());
      }
    }
    return picks.build();
  }

  private static List<Candidate> fromPlayCounts(PlayCounts playCounts) {
    for (Map.Entry<String, Long> entry : playCounts.getPlayCountsMap().entrySet()) {
      if (entry.getValue() < 0) {
        throw new InvalidRequestException("play_counts.play_counts[\"" + entry.getKey() + "\"]",
            "must not be negative, was " + entry.getValue());
      }
    }
    Map<String, Song> songs = playCounts.getSongsMap();
    List<Candidate> ranking = new ArrayList<>(playCounts.getPlayCountsCount());
    for (String key : Ranking.rank(playCounts.getPlayCountsMap())) {
      Song song = songs.get(key);
      ranking.add(new Candidate(key, song == null ? null : song.getArtist()));
    }
    return ranking;
  }

  /** Takes the given ranking as it is, after checking it is one. */
  private static List<Candidate> fromRanking(List<RankedSong> songs) {
    List<Candidate> ranking = new ArrayList<>(songs.size());
    for (int i = 0; i < songs.size(); i++) {
      RankedSong song = songs.get(i);
      if (song.getPlays() < 0) {
        throw new InvalidRequestException("ranking[" + i + "].plays",
            "must not be negative, was " + song.getPlays());
      }
      if (i > 0 && !inOrder(songs.get(i - 1), song)) {
        throw new InvalidRequestException("ranking[" + i + "]",
            "is out of order: the ranking is by plays descending, then key ascending");
      }
      ranking.add(new Candidate(song.getKey(), song.getArtist()));
    }
    return ranking;
  }

  private static boolean inOrder(RankedSong before, RankedSong after) {
    return before.getPlays() > after.getPlays()
        || (before.getPlays() == after.getPlays()
            && before.getKey().compareTo(after.getKey()) < 0);
  }

  private static void validateUsers(RecommendationRequest request) {
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
  }
}
