package org.musicanalytics.functions.userbehavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.HandMadeParts;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.RandomMerges;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Property: the user answer made from {@link MergedCounts} is exactly what
 * {@link UserStatsAnswer#merge} gives for the same parts, whether the parts come as plain
 * answers or as the fused call's counts, in any order; and so one unsharded pass.
 */
class MergedUserStatsTest {

  private static final int TRIALS = 300;

  /** One shard's answers: the plain one, and the fused call's counts. */
  private record Part(UserStatsList users, ShardCounts shard) {}

  @Test
  void shouldEqualTheAnswersMergeForAnyShardingAndOrder() {
    RandomPlays.forEachSharding(42L, TRIALS, 80, (trial, random, plays, shards) -> {
      List<Part> parts = shards.stream()
          .map(shard -> new Part(ShardCounter.ofAll().addAll(shard)
              .answer(new UserStatsAnswer()).setProcessingTime(random.nextDouble()).build(),
              RandomMerges.shardCounts(shard, random)))
          .toList();

      UserStatsList mergedUsers = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(Part::users).toList(), UserStatsAnswer::merge);
      List<Part> plain = new ArrayList<>();
      MergedCounts merged = RandomMerges.merge(random, parts, Part::shard,
          (into, part) -> into.add(part.users()), plain, new ArrayList<>());

      UserStatsList users = merged.answer(new UserStatsAnswer()).build();
      assertThat(users).as("trial %d", trial)
          .isEqualTo(mergedUsers.toBuilder().clearProcessingTime().build());
      // Sums of the same doubles in another order: equal up to rounding.
      assertThat(merged.userStatsTime()).isCloseTo(
          plain.stream().mapToDouble(part -> part.users().getProcessingTime()).sum(),
          within(1e-9));

      // And so one unsharded pass.
      assertThat(users).isEqualTo(new AnalyzeUsers()
          .apply(StreamList.newBuilder().addAllRecords(plays).build())
          .toBuilder().clearProcessingTime().build());
      // The lean answer is the same but for artist_plays.
      UserStatsList.Builder withoutPlays = users.toBuilder();
      withoutPlays.getUserStatsBuilderList().forEach(UserStat.Builder::clearArtistPlays);
      assertThat(merged.answer(new UserStatsAnswer(false)).build()).as("trial %d", trial)
          .isEqualTo(withoutPlays.build());
    });
  }

  @Test
  void shouldBreakTopArtistTiesByNameNotByOrderOfArrival() throws Exception {
    // "b" arrives first (and so gets the smaller id), "a" ties it once the parts merge.
    ShardCounts first = HandMadeParts.userCounts("u1", 3, Map.of("b", 2L));
    UserStatsList second = UserStatsList.newBuilder()
        .addUserStats(UserStatsAnswer.userStat("u1", 4, Map.of("a", 1L, "b", 0L)))
        .addUserStats(UserStatsAnswer.userStat("u2", 1, Map.of("c", 1L))).build();
    ShardCounts third = HandMadeParts.userCounts("u1", 5, Map.of("a", 1L));
    MergedCounts merged = new MergedCounts();
    merged.addEncoded(first.toByteArray());
    merged.add(second);
    merged.add(third);

    UserStatsList lean = merged.answer(new UserStatsAnswer(false)).build();
    assertThat(lean.getUserStatsList())
        .extracting(user -> user.getUserId() + ":" + user.getTotalTime() + ":"
            + user.getTopArtist())
        .containsExactly("u1:12:a", "u2:1:c");
    assertThat(merged.answer(new UserStatsAnswer()).build().getUserStats(0)
        .getArtistPlaysMap()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 2L));
    assertThat(lean.getUserStatsList())
        .allSatisfy(user -> assertThat(user.getArtistPlaysCount()).isZero());
  }

  @Test
  void shouldKeepTheTopArtistOfAUserWithOnePartAsMergeDoes() {
    UserStat asSent = UserStat.newBuilder().setUserId("u1").setTotalTime(5)
        .setTopArtist("Old Host Artist").build();
    UserStatsList part = UserStatsList.newBuilder().addUserStats(asSent).build();
    MergedCounts merged = new MergedCounts();
    merged.add(part);
    merged.add(HandMadeParts.userCounts("u2", 1, Map.of("c", 1L)));

    assertThat(merged.answer(new UserStatsAnswer()).build().getUserStatsList())
        .containsExactly(asSent, UserStatsAnswer.userStat("u2", 1, Map.of("c", 1L)));
  }

  @Test
  void shouldRefuseToMergeAUserWithoutArtistPlaysAsMergeDoes() throws Exception {
    UserStatsList withoutPlays = UserStatsList.newBuilder().addUserStats(UserStat.newBuilder()
        .setUserId("u1").setTotalTime(5).setTopArtist("A")).build();
    UserStatsList withPlays = UserStatsList.newBuilder().addUserStats(
        UserStatsAnswer.userStat("u1", 3, Map.of("A", 1L))).build();
    Throwable expected = catchThrowable(() -> UserStatsAnswer.merge(withPlays, withoutPlays));

    MergedCounts merged = new MergedCounts();
    merged.addEncoded(HandMadeParts.userCounts("u1", 3, Map.of("A", 1L)).toByteArray());
    assertThatThrownBy(() -> merged.add(withoutPlays))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected.getMessage());
    // Counts that list a user without artist plays are refused alike.
    MergedCounts other = new MergedCounts();
    other.add(withPlays);
    assertThatThrownBy(() -> other.add(HandMadeParts.userCounts("u1", 5, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected.getMessage());
  }
}
