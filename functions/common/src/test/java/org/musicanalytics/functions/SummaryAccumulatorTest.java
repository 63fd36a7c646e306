package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardSummary;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/** Property: the accumulator gives exactly what Summaries.merge gives, from parts or bytes. */
class SummaryAccumulatorTest {

  private static final int TRIALS = 300;

  @Test
  void shouldEqualSummariesMergeForAnyShardingAndOrder() throws Exception {
    Random random = new Random(20261127L);
    for (int trial = 0; trial < TRIALS; trial++) {
      List<StreamRecord> plays = RandomPlays.plays(random, 80);
      List<ShardSummary> parts = new ArrayList<>();
      for (StreamList shard : RandomPlays.shards(random, plays)) {
        parts.add(summary(shard, random));
      }

      PlayCounts mergedCounts = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(ShardSummary::getPlayCounts).toList(), Summaries::merge);
      UserStatsList mergedUsers = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(ShardSummary::getUserStats).toList(), Summaries::merge);
      GenreAnalysisResponse mergedGenres = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(ShardSummary::getGenres).toList(), Summaries::merge);
      SummaryAccumulator accumulator = accumulate(random, parts);

      assertThat(untimed(accumulator.playCounts())).as("trial %d", trial)
          .isEqualTo(untimed(mergedCounts));
      assertThat(accumulator.userStats().toBuilder().clearProcessingTime().build())
          .as("trial %d", trial)
          .isEqualTo(mergedUsers.toBuilder().clearProcessingTime().build());
      assertThat(accumulator.genres().toBuilder().clearProcessingTime().build())
          .as("trial %d", trial)
          .isEqualTo(mergedGenres.toBuilder().clearProcessingTime().build());
      // Sums of the same doubles in another order: equal up to rounding.
      assertThat(accumulator.playCounts().getProcessingTime())
          .isCloseTo(mergedCounts.getProcessingTime(), within(1e-9));
      assertThat(accumulator.userStats().getProcessingTime())
          .isCloseTo(mergedUsers.getProcessingTime(), within(1e-9));
      assertThat(accumulator.processingTime()).isCloseTo(
          parts.stream().mapToDouble(ShardSummary::getProcessingTime).sum(), within(1e-9));

      // And so one unsharded pass.
      PlayAggregator whole = PlayAggregator.ofAll()
          .addAll(StreamList.newBuilder().addAllRecords(plays).build());
      assertThat(untimed(accumulator.playCounts())).isEqualTo(whole.playCounts().build());
      assertThat(accumulator.userStats().toBuilder().clearProcessingTime().build())
          .isEqualTo(whole.userStats().build());
      // The lean answer is the same but for artist_plays.
      UserStatsList.Builder withoutPlays = accumulator.userStats().toBuilder();
      withoutPlays.getUserStatsBuilderList().forEach(UserStat.Builder::clearArtistPlays);
      assertThat(accumulator.userStats(false)).as("trial %d", trial)
          .isEqualTo(withoutPlays.build());
    }
  }

  @Test
  void shouldBreakTopArtistTiesByNameNotByOrderOfArrival() throws Exception {
    // "b" arrives first (and so gets the smaller id), "a" ties it once the parts merge.
    ShardSummary first = ShardSummary.newBuilder().setUserStats(UserStatsList.newBuilder()
        .addUserStats(Summaries.userStat("u1", 3, java.util.Map.of("b", 2L)))).build();
    ShardSummary second = ShardSummary.newBuilder().setUserStats(UserStatsList.newBuilder()
        .addUserStats(Summaries.userStat("u1", 4, java.util.Map.of("a", 1L, "b", 0L)))
        .addUserStats(Summaries.userStat("u2", 1, java.util.Map.of("c", 1L)))).build();
    ShardSummary third = ShardSummary.newBuilder().setUserStats(UserStatsList.newBuilder()
        .addUserStats(Summaries.userStat("u1", 5, java.util.Map.of("a", 1L)))).build();
    SummaryAccumulator accumulator = new SummaryAccumulator();
    accumulator.addEncoded(first.toByteArray());
    accumulator.add(second);
    accumulator.addEncoded(third.toByteArray());

    assertThat(accumulator.userStats(false).getUserStatsList())
        .extracting(user -> user.getUserId() + ":" + user.getTotalTime() + ":"
            + user.getTopArtist())
        .containsExactly("u1:12:a", "u2:1:c");
    assertThat(accumulator.userStats().getUserStats(0).getArtistPlaysMap())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 2L, "b", 2L));
    assertThat(accumulator.userStats(false).getUserStatsList())
        .allSatisfy(user -> assertThat(user.getArtistPlaysCount()).isZero());
  }

  @Test
  void shouldKeepTheTopArtistOfAUserWithOnePartAsMergeDoes() throws Exception {
    UserStat asSent = UserStat.newBuilder().setUserId("u1").setTotalTime(5)
        .setTopArtist("Old Host Artist").build();
    ShardSummary part = ShardSummary.newBuilder()
        .setUserStats(UserStatsList.newBuilder().addUserStats(asSent)).build();
    SummaryAccumulator fromBytes = new SummaryAccumulator();
    fromBytes.addEncoded(part.toByteArray());
    SummaryAccumulator fromMessage = new SummaryAccumulator();
    fromMessage.add(part);

    assertThat(fromBytes.userStats().getUserStatsList()).containsExactly(asSent);
    assertThat(fromMessage.userStats()).isEqualTo(fromBytes.userStats());
  }

  @Test
  void shouldRefuseToMergeAUserWithoutArtistPlaysAsMergeDoes() {
    UserStatsList withoutPlays = UserStatsList.newBuilder().addUserStats(UserStat.newBuilder()
        .setUserId("u1").setTotalTime(5).setTopArtist("A")).build();
    UserStatsList withPlays = UserStatsList.newBuilder().addUserStats(
        Summaries.userStat("u1", 3, java.util.Map.of("A", 1L))).build();
    Throwable expected = catchThrowable(() -> Summaries.merge(withPlays, withoutPlays));

    SummaryAccumulator accumulator = new SummaryAccumulator();
    accumulator.add(withPlays);
    assertThatThrownBy(() -> accumulator.addEncoded(
        ShardSummary.newBuilder().setUserStats(withoutPlays).build().toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected.getMessage());
  }

  @Test
  void shouldFailOnBytesTheGeneratedParserRejects() {
    ShardSummary part = summary(Plays.plays(Plays.play("u1", "s1", "Björk")), new Random(1));
    byte[] good = part.toByteArray();
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    byte[] notUtf8 = good.clone();
    byte[] bjork = "Bj".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i + 2 < notUtf8.length; i++) {
      if (notUtf8[i] == bjork[0] && notUtf8[i + 1] == bjork[1]) {
        notUtf8[i + 2] = (byte) 0xFF;
      }
    }
    for (byte[] bytes : List.of(truncated, notUtf8, new byte[] {0x0C})) {
      assertThatThrownBy(() -> ShardSummary.parseFrom(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> new SummaryAccumulator().addEncoded(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }

  /** What analyzeShard answers for a shard, with a random processing time. */
  private static ShardSummary summary(StreamList shard, Random random) {
    PlayAggregator plays = PlayAggregator.ofAll().addAll(shard);
    return ShardSummary.newBuilder()
        .setPlayCounts(plays.playCounts().setProcessingTime(random.nextDouble()))
        .setUserStats(plays.userStats().setProcessingTime(random.nextDouble()))
        .setGenres(plays.genres().setProcessingTime(random.nextDouble()))
        .setProcessingTime(random.nextDouble())
        .build();
  }

  /** The parts in a random order, each as a message, as bytes or as a stream. */
  private static SummaryAccumulator accumulate(Random random, List<ShardSummary> parts)
      throws Exception {
    List<ShardSummary> order = new ArrayList<>(parts);
    Collections.shuffle(order, random);
    SummaryAccumulator accumulator = new SummaryAccumulator();
    for (ShardSummary part : order) {
      switch (random.nextInt(3)) {
        case 0 -> accumulator.add(part);
        case 1 -> accumulator.addEncoded(part.toByteArray());
        default -> accumulator.addEncoded(new ByteArrayInputStream(part.toByteArray()));
      }
    }
    return accumulator;
  }

  private static PlayCounts untimed(PlayCounts counts) {
    return counts.toBuilder().clearProcessingTime().build();
  }

  private static Throwable catchThrowable(Runnable runnable) {
    try {
      runnable.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
