package org.musicanalytics.functions.userbehavior;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.musicanalytics.counting.CountedPlays;
import org.musicanalytics.counting.CountsAnswer;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The {@code analyzeUsers} answer: every user's seconds listened, plays per artist and top
 * artist ({@link TopArtistRule}), users by id, and the top users by seconds listened (ties by
 * id); from counted plays or merged from two answers.
 */
public final class UserStatsAnswer implements CountsAnswer<UserStatsList.Builder> {

  private final boolean withArtistPlays;

  /** The whole answer, each user with its {@code artist_plays}. */
  public UserStatsAnswer() {
    this(true);
  }

  /**
   * The answer with or without each user's {@code artist_plays}: without, every other field
   * is the same, and no map entry is built per user × artist pair.
   */
  public UserStatsAnswer(boolean withArtistPlays) {
    this.withArtistPlays = withArtistPlays;
  }

  /** Every user's answer and the top users; no processing time. */
  @Override
  public UserStatsList.Builder answer(CountedPlays counts) {
    int userCount = counts.userCount();
    TopArtistRule rule = TopArtistRule.over(counts);
    int[] top = new int[userCount];
    Arrays.fill(top, -1);
    long[] topPlays = new long[userCount];
    int[] firstPair = withArtistPlays ? new int[userCount + 1] : null;
    counts.forEachUserArtist((user, artist, plays) -> {
      if (rule.beats(artist, plays, top[user], topPlays[user])) {
        top[user] = artist;
        topPlays[user] = plays;
      }
      if (firstPair != null) {
        firstPair[user + 1]++;
      }
    });
    int[] pairArtists = null;
    long[] pairPlays = null;
    if (withArtistPlays) {
      // The pairs grouped by user: a counting sort.
      for (int user = 0; user < userCount; user++) {
        firstPair[user + 1] += firstPair[user];
      }
      int[] next = Arrays.copyOf(firstPair, userCount);
      int[] artistsOfPairs = new int[counts.userArtistCount()];
      long[] playsOfPairs = new long[counts.userArtistCount()];
      counts.forEachUserArtist((user, artist, plays) -> {
        int at = next[user]++;
        artistsOfPairs[at] = artist;
        playsOfPairs[at] = plays;
      });
      pairArtists = artistsOfPairs;
      pairPlays = playsOfPairs;
    }
    List<UserStat> stats = new ArrayList<>(userCount);
    for (int user = 0; user < userCount; user++) {
      int topArtist = TopArtistRule.of(counts, user, top[user]);
      UserStat.Builder stat = UserStat.newBuilder()
          .setUserId(counts.user(user))
          .setTotalTime(counts.userSeconds(user))
          .setTopArtist(topArtist < 0 ? "" : counts.artist(topArtist));
      if (withArtistPlays) {
        Map<String, Long> plays = new HashMap<>();
        for (int at = firstPair[user]; at < firstPair[user + 1]; at++) {
          plays.put(counts.artist(pairArtists[at]), pairPlays[at]);
        }
        stat.putAllArtistPlays(plays);
      }
      stats.add(stat.build());
    }
    return withTopUsers(stats);
  }

  /** A finished user's answer: the top artist from the plays per artist. */
  public static UserStat userStat(String userId, long totalSeconds,
      Map<String, Long> artistPlays) {
    return UserStat.newBuilder()
        .setUserId(userId)
        .setTotalTime(totalSeconds)
        .setTopArtist(TopArtistRule.of(artistPlays))
        .putAllArtistPlays(artistPlays)
        .build();
  }

  /**
   * A finished user list: users by id ascending, and the top users by total time
   * descending, then id ascending.
   */
  public static UserStatsList.Builder withTopUsers(Collection<UserStat> users) {
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
   * Two answers merged: totals and per-artist plays of the same user add; the top artist
   * and top users are recomputed from them.
   *
   * @throws IllegalArgumentException if a user on both sides lacks {@code artist_plays}
   */
  public static UserStatsList merge(UserStatsList a, UserStatsList b) {
    Map<String, UserStat> byUser = new TreeMap<>();
    for (UserStatsList side : List.of(a, b)) {
      for (UserStat user : side.getUserStatsList()) {
        byUser.merge(user.getUserId(), user, UserStatsAnswer::mergeUser);
      }
    }
    return withTopUsers(byUser.values())
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
}
