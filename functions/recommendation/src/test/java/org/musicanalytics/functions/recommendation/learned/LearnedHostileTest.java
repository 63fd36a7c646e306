package org.musicanalytics.functions.recommendation.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.A;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.B;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.SongNeighbours;

/** Both rounds on hostile requests: each gets an error naming the field and element. */
class LearnedHostileTest {

  /** u1 plays A 3 times and B once; u2 plays B twice. */
  private static final ListeningPartition GOOD = new Listening().plays("u1", A, 3)
      .plays("u1", B, 1).plays("u2", B, 2).partition();

  private static final SongNeighbours NEIGHBOURS = SongNeighbours.newBuilder()
      .addSongKeys(A).addSongKeys(B).addSongIndex(0).addNeighbourIndex(1).addSimilarity(0.5)
      .build();

  /** Both rounds on the same partition. */
  private static void assertBothRefuse(ListeningPartition partition, String message) {
    Function<ListeningPartition, Object> round2 = listening -> new CountCoListening().apply(
        CoListeningRequest.newBuilder().setListening(listening).build());
    Function<ListeningPartition, Object> round3 = listening ->
        new RecommendFromListening().apply(ListeningScoreRequest.newBuilder()
            .setListening(listening).build());
    for (Function<ListeningPartition, Object> round : List.of(round2, round3)) {
      assertThatThrownBy(() -> round.apply(partition))
          .isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }
  }

  @Test
  void shouldRefuseAnIndexOutOfRangeNamingIt() {
    assertBothRefuse(GOOD.toBuilder().setListenUserIndex(2, 2).build(),
        "listening.listen_user_index[2] is 2, out of range for 2 entries");
    // A uint32 past Integer.MAX_VALUE reads as negative in Java: still named as sent.
    assertBothRefuse(GOOD.toBuilder().setListenSongIndex(1, -1).build(),
        "listening.listen_song_index[1] is 4294967295, out of range for 2 entries");
  }

  @Test
  void shouldRefusePlaysThatAreNotPositive() {
    assertBothRefuse(GOOD.toBuilder().setListenPlays(0, -3).build(),
        "listening.listen_plays[0] must be positive, was -3");
    assertBothRefuse(GOOD.toBuilder().setListenPlays(2, 0).build(),
        "listening.listen_plays[2] must be positive, was 0");
  }

  @Test
  void shouldRefuseMisalignedArrays() {
    assertBothRefuse(GOOD.toBuilder().addListenSongIndex(0).build(),
        "listening.listen_song_index has 4 elements, but listening.listen_user_index has 3;"
            + " they must be aligned");
    assertBothRefuse(GOOD.toBuilder().clearListenPlays().build(),
        "listening.listen_plays has 0 elements, but listening.listen_user_index has 3;"
            + " they must be aligned");
  }

  @Test
  void shouldRefuseRepeatsAndEmptyNames() {
    assertBothRefuse(GOOD.toBuilder().addListenUserIndex(0).addListenSongIndex(0)
        .addListenPlays(1).build(),
        "listening.listen_song_index[3] repeats the pair of user 0 and song 0 (listed first"
            + " at 0)");
    assertBothRefuse(GOOD.toBuilder().setUserIds(1, "u1").build(),
        "listening.user_ids[1] repeats 'u1' (listed first at 0)");
    assertBothRefuse(GOOD.toBuilder().setSongKeys(0, "").build(),
        "listening.song_keys[0] must not be empty");
    assertBothRefuse(GOOD.toBuilder().setPartition(3).setPartitions(3).build(),
        "listening.partition must be below partitions (3), was 3");
  }

  @Test
  void shouldRefuseSettingsOutOfRange() {
    assertThatThrownBy(() -> new CountCoListening().apply(CoListeningRequest.newBuilder()
        .setListening(GOOD).setHistoryCap(1_001).build()))
        .hasMessage("history_cap must be at most 1000 (0 for the default, 50), was 1001");
    assertThatThrownBy(() -> new CountCoListening().apply(CoListeningRequest.newBuilder()
        .setListening(GOOD).setWeightingValue(42).build()))
        .hasMessage("weighting is not a weighting this function knows");
    assertThatThrownBy(() -> new CountCoListening().apply(CoListeningRequest.newBuilder()
        .setListening(GOOD).setSongBuckets(-1).build()))
        .hasMessage("song_buckets must be at most 1024, was 4294967295");
    assertThatThrownBy(() -> new RecommendFromListening().apply(ListeningScoreRequest
        .newBuilder().setListening(GOOD).setTopN(-1).build()))
        .hasMessage("top_n must be at most 1000 (0 for the default, 10), was 4294967295");
  }

  @Test
  void shouldRefuseMalformedNeighbours() {
    ListeningScoreRequest good = ListeningScoreRequest.newBuilder().setListening(GOOD)
        .setNeighbours(NEIGHBOURS).build();
    RecommendFromListening round3 = new RecommendFromListening();
    assertThat(round3.apply(good).getUsersCount()).isEqualTo(2);

    assertThatThrownBy(() -> round3.apply(good.toBuilder().setNeighbours(
        NEIGHBOURS.toBuilder().setNeighbourIndex(0, 5)).build()))
        .hasMessage("neighbours.neighbour_index[0] is 5, out of range for 2 entries");
    assertThatThrownBy(() -> round3.apply(good.toBuilder().setNeighbours(
        NEIGHBOURS.toBuilder().addSongIndex(1)).build()))
        .hasMessage("neighbours.neighbour_index has 1 elements, but neighbours.song_index"
            + " has 2; they must be aligned");
    assertThatThrownBy(() -> round3.apply(good.toBuilder().setNeighbours(
        NEIGHBOURS.toBuilder().setSimilarity(0, Double.NaN)).build()))
        .hasMessage("neighbours.similarity[0] must be finite and not negative, was NaN");
    assertThatThrownBy(() -> round3.apply(good.toBuilder().setNeighbours(
        NEIGHBOURS.toBuilder().addSongIndex(0).addNeighbourIndex(1).addSimilarity(0.1))
        .build()))
        .hasMessage("neighbours.neighbour_index[1] repeats the neighbour '" + B + "' of '"
            + A + "'");
  }

  @Test
  void shouldRefuseARecentRankingThatIsNotOne() {
    RankedSong first = RankedSong.newBuilder().setKey(A).setPlays(2).build();
    RankedSong second = RankedSong.newBuilder().setKey(B).setPlays(5).build();
    RecommendFromListening round3 = new RecommendFromListening();

    assertThatThrownBy(() -> round3.apply(ListeningScoreRequest.newBuilder()
        .setListening(GOOD).addRecentRanking(first).addRecentRanking(second).build()))
        .hasMessage("recent_ranking[1] is out of order: the ranking is by plays descending,"
            + " then key ascending");
    assertThatThrownBy(() -> round3.apply(ListeningScoreRequest.newBuilder()
        .setListening(GOOD).addRecentRanking(first).addRecentRanking(first).build()))
        .hasMessage("recent_ranking[1].key repeats '" + A + "'");
    assertThatThrownBy(() -> round3.apply(ListeningScoreRequest.newBuilder()
        .setListening(GOOD).addRecentRanking(first.toBuilder().setPlays(-1)).build()))
        .hasMessage("recent_ranking[0].plays must not be negative, was -1");
  }

  @Test
  void shouldCountAHugeHistoryPromptlyThroughTheCap() {
    // One user with 50,000 songs: uncapped, 1.25 billion pairs; capped, a few thousand.
    ListeningPartition.Builder huge = ListeningPartition.newBuilder().addUserIds("u");
    for (int s = 0; s < 50_000; s++) {
      huge.addSongKeys(String.format("A - S%05d", s)).addListenUserIndex(0)
          .addListenSongIndex(s).addListenPlays(1 + s % 7);
    }
    CoListeningRequest request = CoListeningRequest.newBuilder().setListening(huge).build();

    // A hang guard, not a speed check.
    CoListeningCounts counts = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> new CountCoListening().apply(request));

    assertThat(counts.getUsersCapped()).isEqualTo(1);
    assertThat(counts.getSongKeysCount()).isEqualTo(CountCoListening.DEFAULT_HISTORY_CAP);
    int cap = CountCoListening.DEFAULT_HISTORY_CAP;
    assertThat(counts.getPairSumsCount()).isEqualTo(cap * (cap - 1) / 2);
  }
}
