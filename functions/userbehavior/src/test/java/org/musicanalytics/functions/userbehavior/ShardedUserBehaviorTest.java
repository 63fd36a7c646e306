package org.musicanalytics.functions.userbehavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/** Property: any sharding, merged in any order, equals one unsharded pass. */
class ShardedUserBehaviorTest {

  private final AnalyzeUsers analyzeUsers = new AnalyzeUsers();

  @Test
  void shouldMergeShardUserSummariesIntoTheUnshardedAnswer() {
    Random random = new Random(42L);
    for (int trial = 0; trial < 300; trial++) {
      List<StreamRecord> plays = RandomPlays.plays(random, 60);
      List<StreamList> shards = RandomPlays.shards(random, plays);

      UserStatsList whole =
          analyzeUsers.apply(StreamList.newBuilder().addAllRecords(plays).build());
      UserStatsList merged = RandomPlays.mergeInRandomOrder(random,
          shards.stream().map(analyzeUsers).toList(), UserStatsAnswer::merge);

      // Top artist ties and top-user ties are frequent here, so this checks the tie rules
      // survive merging, not only the sums.
      assertThat(merged.toBuilder().clearProcessingTime().build()).as("trial %d", trial)
          .isEqualTo(whole.toBuilder().clearProcessingTime().build());
    }
  }

  @Test
  void shouldRefuseToMergeSummariesWithoutArtistPlays() {
    UserStatsList legacy = UserStatsList.newBuilder().addUserStats(
        UserStat.newBuilder().setUserId("U1").setTotalTime(10).setTopArtist("A")).build();

    assertThatThrownBy(() -> UserStatsAnswer.merge(legacy, legacy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user 'U1'").hasMessageContaining("artist_plays");
  }
}
