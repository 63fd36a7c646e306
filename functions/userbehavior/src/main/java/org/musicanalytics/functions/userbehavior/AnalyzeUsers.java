package org.musicanalytics.functions.userbehavior;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.musicanalytics.functions.Ranking;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.StreamRecords;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code analyzeUsers}: per user, the total seconds listened and the most-played artist
 * (ties by artist name ascending); and the top users by total time (ties by user id).
 *
 * <p>Users are listed by user id ascending, so the output does not depend on the order
 * of the input.
 */
public final class AnalyzeUsers implements Function<StreamList, UserStatsList> {

  /** What one user has done so far. */
  private static final class Listening {
    long totalSeconds;
    final Map<String, Long> playsByArtist = new HashMap<>();
  }

  @Override
  public UserStatsList apply(StreamList request) {
    StageClock clock = StageClock.start();
    StreamRecords.validate(request);
    Map<String, Listening> byUser = new TreeMap<>();
    for (StreamRecord record : request.getRecordsList()) {
      Listening listening = byUser.computeIfAbsent(record.getUserId(), id -> new Listening());
      listening.totalSeconds += record.getDuration();
      listening.playsByArtist.merge(record.getArtist(), 1L, Long::sum);
    }

    UserStatsList.Builder response = UserStatsList.newBuilder();
    Map<String, Long> totals = new HashMap<>(byUser.size() * 2);
    for (Map.Entry<String, Listening> user : byUser.entrySet()) {
      Listening listening = user.getValue();
      response.addUserStats(UserStat.newBuilder()
          .setUserId(user.getKey())
          .setTotalTime(listening.totalSeconds)
          .setTopArtist(Ranking.top(listening.playsByArtist, 1).get(0)));
      totals.put(user.getKey(), listening.totalSeconds);
    }
    return response
        .addAllTopUsers(Ranking.top(totals, Ranking.TOP_K))
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }
}
