package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

  /** One shard's answers: the three plain ones, and the fused call's summary. */
  private record Part(PlayCounts counts, UserStatsList users, GenreAnalysisResponse genres,
      ShardSummary summary, byte[] encoded) {}

  @Test
  void shouldEqualSummariesMergeForAnyShardingAndOrder() throws Exception {
    Random random = new Random(20261127L);
    for (int trial = 0; trial < TRIALS; trial++) {
      List<StreamRecord> plays = RandomPlays.plays(random, 80);
      List<Part> parts = new ArrayList<>();
      for (StreamList shard : RandomPlays.shards(random, plays)) {
        parts.add(part(shard, random));
      }

      PlayCounts mergedCounts = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(Part::counts).toList(), Summaries::merge);
      UserStatsList mergedUsers = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(Part::users).toList(), Summaries::merge);
      GenreAnalysisResponse mergedGenres = RandomPlays.mergeInRandomOrder(random,
          parts.stream().map(Part::genres).toList(), Summaries::merge);
      List<Part> plain = new ArrayList<>();
      List<Part> fused = new ArrayList<>();
      SummaryAccumulator accumulator = accumulate(random, parts, plain, fused);

      assertThat(untimed(accumulator.playCounts())).as("trial %d", trial)
          .isEqualTo(untimed(mergedCounts));
      assertThat(accumulator.userStats().toBuilder().clearProcessingTime().build())
          .as("trial %d", trial)
          .isEqualTo(mergedUsers.toBuilder().clearProcessingTime().build());
      assertThat(accumulator.genres().toBuilder().clearProcessingTime().build())
          .as("trial %d", trial)
          .isEqualTo(mergedGenres.toBuilder().clearProcessingTime().build());
      // Sums of the same doubles in another order: equal up to rounding. A summary holds
      // the time of its whole pass, the plain answers each their own.
      assertThat(accumulator.playCounts().getProcessingTime()).isCloseTo(
          plain.stream().mapToDouble(part -> part.counts().getProcessingTime()).sum(),
          within(1e-9));
      assertThat(accumulator.userStats().getProcessingTime()).isCloseTo(
          plain.stream().mapToDouble(part -> part.users().getProcessingTime()).sum(),
          within(1e-9));
      assertThat(accumulator.processingTime()).isCloseTo(
          fused.stream().mapToDouble(part -> part.summary().getProcessingTime()).sum(),
          within(1e-9));

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
  void shouldEncodeTheSummaryAsTheGeneratedCodeEncodesIt() throws Exception {
    Random random = new Random(8);
    for (int trial = 0; trial < 200; trial++) {
      byte[] request = EncodedPlays.encode(random, RandomPlays.plays(random, 80));
      PlayAggregator wire = PlayAggregator.ofAll();
      wire.addEncoded(request);
      PlayAggregator plain = PlayAggregator.ofAll().addAll(StreamList.parseFrom(request));

      ShardSummary encoded = ShardSummary.parseFrom(
          wire.encodeShardSummary(StageClock.start()));

      assertThat(encoded.getProcessingTime()).isPositive();
      assertThat(encoded.toBuilder().clearProcessingTime().build()).as("trial %d", trial)
          .isEqualTo(plain.shardSummary().build());
      // Every string once; a user's seconds and a genre's plays beside it.
      assertThat(encoded.getUserIdsList()).doesNotHaveDuplicates()
          .hasSize(encoded.getUserSecondsCount());
      assertThat(encoded.getGenreNamesList()).doesNotHaveDuplicates()
          .hasSize(encoded.getGenrePlaysCount());
      assertThat(encoded.getArtistsList()).doesNotHaveDuplicates();
      assertThat(encoded.getSongIdsList()).doesNotHaveDuplicates();
    }
  }

  /** A hand-made summary of one user's plays per artist. */
  private static ShardSummary userSummary(String user, long seconds, Map<String, Long> plays) {
    ShardSummary.Builder summary = ShardSummary.newBuilder().addUserIds(user)
        .addUserSeconds(seconds);
    plays.forEach((artist, count) -> summary.addArtists(artist).addPairUserIndex(0)
        .addPairArtistIndex(summary.getArtistsCount() - 1).addPairPlays(count));
    return summary.build();
  }

  @Test
  void shouldBreakTopArtistTiesByNameNotByOrderOfArrival() throws Exception {
    // "b" arrives first (and so gets the smaller id), "a" ties it once the parts merge.
    ShardSummary first = userSummary("u1", 3, Map.of("b", 2L));
    UserStatsList second = UserStatsList.newBuilder()
        .addUserStats(Summaries.userStat("u1", 4, Map.of("a", 1L, "b", 0L)))
        .addUserStats(Summaries.userStat("u2", 1, Map.of("c", 1L))).build();
    ShardSummary third = userSummary("u1", 5, Map.of("a", 1L));
    SummaryAccumulator accumulator = new SummaryAccumulator();
    accumulator.addEncoded(first.toByteArray());
    accumulator.add(second);
    accumulator.add(third);

    assertThat(accumulator.userStats(false).getUserStatsList())
        .extracting(user -> user.getUserId() + ":" + user.getTotalTime() + ":"
            + user.getTopArtist())
        .containsExactly("u1:12:a", "u2:1:c");
    assertThat(accumulator.userStats().getUserStats(0).getArtistPlaysMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 2L));
    assertThat(accumulator.userStats(false).getUserStatsList())
        .allSatisfy(user -> assertThat(user.getArtistPlaysCount()).isZero());
  }

  @Test
  void shouldKeepTheTopArtistOfAUserWithOnePartAsMergeDoes() {
    UserStat asSent = UserStat.newBuilder().setUserId("u1").setTotalTime(5)
        .setTopArtist("Old Host Artist").build();
    UserStatsList part = UserStatsList.newBuilder().addUserStats(asSent).build();
    SummaryAccumulator accumulator = new SummaryAccumulator();
    accumulator.add(part);
    accumulator.add(userSummary("u2", 1, Map.of("c", 1L)));

    assertThat(accumulator.userStats().getUserStatsList()).containsExactly(asSent,
        Summaries.userStat("u2", 1, Map.of("c", 1L)));
  }

  @Test
  void shouldRefuseToMergeAUserWithoutArtistPlaysAsMergeDoes() throws Exception {
    UserStatsList withoutPlays = UserStatsList.newBuilder().addUserStats(UserStat.newBuilder()
        .setUserId("u1").setTotalTime(5).setTopArtist("A")).build();
    UserStatsList withPlays = UserStatsList.newBuilder().addUserStats(
        Summaries.userStat("u1", 3, Map.of("A", 1L))).build();
    Throwable expected = catchThrowable(() -> Summaries.merge(withPlays, withoutPlays));

    SummaryAccumulator accumulator = new SummaryAccumulator();
    accumulator.addEncoded(userSummary("u1", 3, Map.of("A", 1L)).toByteArray());
    assertThatThrownBy(() -> accumulator.add(withoutPlays))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected.getMessage());
    // A summary that lists a user without artist plays is refused alike.
    SummaryAccumulator other = new SummaryAccumulator();
    other.add(withPlays);
    assertThatThrownBy(() -> other.add(userSummary("u1", 5, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected.getMessage());
  }

  @Test
  void shouldRefuseASummaryOfTheEarlierFormNamingAnOlderHost() {
    // Field 2, user_stats, of the earlier form: a UserStatsList with one user.
    byte[] earlier = {0x12, 0x04, 0x0A, 0x02, 0x0A, 0x00};

    assertThatThrownBy(() -> new SummaryAccumulator().addEncoded(earlier))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("field 2 of its earlier form")
        .hasMessageContaining("older build");
  }

  @Test
  void shouldRefuseArraysThatDoNotFitTogether() {
    ShardSummary good = userSummary("u1", 3, Map.of("A", 1L));
    List<ShardSummary> bad = List.of(
        good.toBuilder().addPairPlays(1).build(),
        good.toBuilder().addUserSeconds(1).build(),
        good.toBuilder().setPairArtistIndex(0, 1).build(),
        good.toBuilder().setPairUserIndex(0, -1).build(),
        good.toBuilder().addSongArtistIndex(0).addSongIdIndex(0).addSongPlays(1).build(),
        good.toBuilder().addGenreNames("Pop").build());
    for (ShardSummary summary : bad) {
      assertThatThrownBy(() -> new SummaryAccumulator().add(summary))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the ShardSummary's");
      assertThatThrownBy(() -> new SummaryAccumulator().addEncoded(summary.toByteArray()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the ShardSummary's");
    }
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

  /** What the stages answer for a shard, each with a random processing time. */
  private static Part part(StreamList shard, Random random) {
    PlayAggregator plays = PlayAggregator.ofAll().addAll(shard);
    ShardSummary summary = plays.shardSummary().setProcessingTime(random.nextDouble()).build();
    return new Part(plays.playCounts().setProcessingTime(random.nextDouble()).build(),
        plays.userStats().setProcessingTime(random.nextDouble()).build(),
        plays.genres().setProcessingTime(random.nextDouble()).build(),
        summary, summary.toByteArray());
  }

  /** What analyzeShard answers for a shard, with a random processing time. */
  private static ShardSummary summary(StreamList shard, Random random) {
    return part(shard, random).summary();
  }

  /**
   * The parts in a random order, each as the three plain answers, or as a summary: a
   * message, bytes or a stream.
   */
  private static SummaryAccumulator accumulate(Random random, List<Part> parts,
      List<Part> plain, List<Part> fused) throws Exception {
    List<Part> order = new ArrayList<>(parts);
    Collections.shuffle(order, random);
    SummaryAccumulator accumulator = new SummaryAccumulator();
    for (Part part : order) {
      int how = random.nextInt(4);
      (how == 0 ? plain : fused).add(part);
      switch (how) {
        case 0 -> {
          accumulator.add(part.counts());
          accumulator.add(part.users());
          accumulator.add(part.genres());
        }
        case 1 -> accumulator.add(part.summary());
        case 2 -> accumulator.addEncoded(part.encoded());
        default -> accumulator.addEncoded(new ByteArrayInputStream(part.encoded()));
      }
    }
    return accumulator;
  }

  private static PlayCounts untimed(PlayCounts counts) {
    return counts.toBuilder().clearProcessingTime().build();
  }
}
