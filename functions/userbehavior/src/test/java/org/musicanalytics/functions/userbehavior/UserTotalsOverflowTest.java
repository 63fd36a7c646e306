package org.musicanalytics.functions.userbehavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.Plays;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Users' totals near and past the int64 range: a request's durations are int32, so its sums
 * are exact in int64; partial answers merged (by the client, over shards) add int64 totals,
 * which must never wrap: past int64 the merge fails instead of answering a wrong number.
 */
class UserTotalsOverflowTest {

  private static final long HALF = Long.MAX_VALUE / 2 + 1;

  @Test
  void shouldSumInt32MaxDurationsExactlyInOneRequest() {
    StreamRecord play = Plays.play("u1", "S1", "A", Integer.MAX_VALUE, "Pop");
    StreamList plays = StreamList.newBuilder().addAllRecords(List.of(play, play, play, play))
        .build();

    UserStatsList users = new AnalyzeUsers().apply(plays);

    assertThat(users.getUserStats(0).getTotalTime()).isEqualTo(4L * Integer.MAX_VALUE);
  }

  @Test
  void shouldMergeTotalsUpToInt64MaxExactly() {
    UserStatsList a = users(user("u1", Long.MAX_VALUE - 1));
    UserStatsList b = users(user("u1", 1));

    assertThat(UserStatsAnswer.merge(a, b).getUserStats(0).getTotalTime())
        .isEqualTo(Long.MAX_VALUE);
    MergedCounts merged = new MergedCounts();
    merged.add(a);
    merged.add(b);
    assertThat(merged.answer(new UserStatsAnswer()).getUserStats(0).getTotalTime())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldFailRatherThanWrapTotalsPastInt64() {
    UserStatsList half = users(user("u1", HALF));

    assertThatThrownBy(() -> UserStatsAnswer.merge(half, half))
        .isInstanceOf(ArithmeticException.class);
    MergedCounts merged = new MergedCounts();
    merged.add(half);
    assertThatThrownBy(() -> merged.add(half)).isInstanceOf(ArithmeticException.class);
  }

  private static UserStat user(String id, long totalSeconds) {
    return UserStat.newBuilder().setUserId(id).setTotalTime(totalSeconds).setTopArtist("A")
        .putArtistPlays("A", 1).build();
  }

  private static UserStatsList users(UserStat... users) {
    return UserStatsList.newBuilder().addAllUserStats(List.of(users)).build();
  }
}
