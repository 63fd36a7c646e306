package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Property: the merged counts of any sharding, merged in any order and form, are the counts
 * of one unsharded pass. The stage modules check the answers made from them against their
 * own merges.
 */
class MergedCountsTest {

  private static final int TRIALS = 300;

  @Test
  void shouldCountWhatOneUnshardedPassCountsForAnyShardingAndOrder() {
    RandomPlays.forEachSharding(20261127L, TRIALS, 80, (trial, random, plays, shards) -> {
      List<ShardCounts> parts = shards.stream()
          .map(shard -> RandomMerges.shardCounts(shard, random)).toList();

      MergedCounts merged = RandomMerges.merge(random, parts, part -> part, MergedCounts::add,
          new ArrayList<>(), new ArrayList<>());

      CountsSnapshot whole = ShardCounter.ofAll()
          .addAll(StreamList.newBuilder().addAllRecords(plays).build())
          .answer(CountsSnapshot.ANSWER);
      assertThat(merged.answer(CountsSnapshot.ANSWER)).as("trial %d", trial).isEqualTo(whole);
      // Sums of the same doubles in another order: equal up to rounding.
      assertThat(merged.processingTime()).isCloseTo(
          parts.stream().mapToDouble(ShardCounts::getProcessingTime).sum(), within(1e-9));
    });
  }

  @Test
  void shouldCountPlainAnswersByIdWhereTheirKeysAreMadeOfTheirParts() {
    PlayCounts part = HandMadeParts.playCountsByKey().toBuilder().setProcessingTime(0.5)
        .build();
    MergedCounts merged = new MergedCounts();
    merged.add(part);
    merged.add(part);

    CountsSnapshot counts = merged.answer(CountsSnapshot.ANSWER);
    assertThat(counts.songPlays()).containsExactly(Map.entry(List.of("A", "S1"), 4L));
    assertThat(counts.keyOnlyPlays()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "not made of its parts", 6L, "no parts", 8L));
    assertThat(counts.keyOnlySongs()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "not made of its parts", Set.of(HandMadeParts.X_Y),
        "no plays", Set.of(HandMadeParts.A_S1)));
    assertThat(merged.playCountsTime()).isEqualTo(1.0);
  }

  @Test
  void shouldCountPlainUserAndGenreAnswers() {
    UserStatsList users = UserStatsList.newBuilder()
        .addUserStats(UserStat.newBuilder().setUserId("u1").setTotalTime(5).setTopArtist("B")
            .putArtistPlays("A", 2).putArtistPlays("B", 1))
        .addUserStats(UserStat.newBuilder().setUserId("u2").setTotalTime(7).setTopArtist("A")
            .putArtistPlays("A", 1))
        .setProcessingTime(0.25).build();
    UserStatsList moreOfU2 = UserStatsList.newBuilder()
        .addUserStats(UserStat.newBuilder().setUserId("u2").setTotalTime(1).setTopArtist("C")
            .putArtistPlays("C", 1))
        .build();
    GenreAnalysisResponse genres = GenreAnalysisResponse.newBuilder()
        .putGenreCounts("Pop", 3).setProcessingTime(0.125).build();
    MergedCounts merged = new MergedCounts();
    merged.add(users);
    merged.add(moreOfU2);
    merged.add(genres);
    merged.add(genres);

    CountsSnapshot counts = merged.answer(CountsSnapshot.ANSWER);
    assertThat(counts.userSeconds()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "u1", 5L, "u2", 8L));
    assertThat(counts.userArtistPlays()).containsExactlyInAnyOrderEntriesOf(Map.of(
        List.of("u1", "A"), 2L, List.of("u1", "B"), 1L, List.of("u2", "A"), 1L,
        List.of("u2", "C"), 1L));
    // A user in one part keeps the top artist it came with; one in two parts has none.
    assertThat(counts.topArtistsAsSent()).containsExactly(Map.entry("u1", "B"));
    assertThat(counts.genrePlays()).containsExactly(Map.entry("Pop", 6L));
    assertThat(merged.userStatsTime()).isEqualTo(0.25);
    assertThat(merged.genresTime()).isEqualTo(0.25);
  }

  @Test
  void shouldRefuseAUserInTwoPartsWithoutArtistPlaysInOne() {
    MergedCounts merged = new MergedCounts();
    merged.add(HandMadeParts.userCounts("u1", 3, Map.of("A", 1L)));

    assertThatThrownBy(() -> merged.add(HandMadeParts.userCounts("u1", 5, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot merge the summaries of user 'u1': artist_plays is missing, so the "
            + "top artist is unknown");
  }

  @Test
  void shouldRefuseShardCountsOfTheEarlierFormNamingAnOlderHost() {
    // Field 2, user_stats, of the earlier form: a UserStatsList with one user.
    byte[] earlier = {0x12, 0x04, 0x0A, 0x02, 0x0A, 0x00};

    assertThatThrownBy(() -> new MergedCounts().addEncoded(earlier))
        .isInstanceOf(InvalidProtocolBufferException.class)
        .hasMessageContaining("field 2 of its earlier form")
        .hasMessageContaining("older build");
  }

  @Test
  void shouldRefuseArraysThatDoNotFitTogether() {
    ShardCounts good = HandMadeParts.userCounts("u1", 3, Map.of("A", 1L));
    List<ShardCounts> bad = List.of(
        good.toBuilder().addPairPlays(1).build(),
        good.toBuilder().addUserSeconds(1).build(),
        good.toBuilder().setPairArtistIndex(0, 1).build(),
        good.toBuilder().setPairUserIndex(0, -1).build(),
        good.toBuilder().addSongArtistIndex(0).addSongIdIndex(0).addSongPlays(1).build(),
        good.toBuilder().addGenreNames("Pop").build());
    for (ShardCounts counts : bad) {
      assertThatThrownBy(() -> new MergedCounts().add(counts))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the ShardCounts' ");
      assertThatThrownBy(() -> new MergedCounts().addEncoded(counts.toByteArray()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the ShardCounts' ");
    }
  }

  @Test
  void shouldFailOnBytesTheGeneratedParserRejects() {
    ShardCounts part = RandomMerges.shardCounts(
        Plays.plays(Plays.play("u1", "s1", "Björk")), new Random(1));
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
      assertThatThrownBy(() -> ShardCounts.parseFrom(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> new MergedCounts().addEncoded(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }
}
