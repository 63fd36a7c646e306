package org.musicanalytics.functions.userbehavior;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.StreamRecords;
import org.musicanalytics.functions.Summaries;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code analyzeUsers}: per user, the total seconds listened and the most-played artist
 * (ties by artist name ascending), with the plays per artist that let summaries of
 * different shards merge; and the top users by total time (ties by user id).
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
    Map<String, Listening> byUser = new HashMap<>();
    for (StreamRecord record : request.getRecordsList()) {
      Listening listening = byUser.computeIfAbsent(record.getUserId(), id -> new Listening());
      listening.totalSeconds += record.getDuration();
      listening.playsByArtist.merge(record.getArtist(), 1L, Long::sum);
    }
    List<UserStat> users = new ArrayList<>(byUser.size());
    byUser.forEach((userId, listening) -> users.add(
        Summaries.userStat(userId, listening.totalSeconds, listening.playsByArtist)));
    return Summaries.userStats(users)
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }
}
