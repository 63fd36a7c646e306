package org.musicanalytics.functions.recommendation.learned;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;

/** {@code countCoListening} on catalogues of a few songs, sums worked out by hand. */
class CountCoListeningTest {

  static final String A = "A - S1";
  static final String B = "A - S2";
  static final String C = "B - S3";
  static final String D = "C - S4";

  /**
   * u1 plays A and B, u2 A, B and C, u3 B and C, u4 only D; u5 has no plays. The songs'
   * listeners: A 2, B 3, C 2, D 1; the pairs' co-listeners: AB 2, AC 1, BC 2.
   */
  static Listening fourUsers() {
    return new Listening()
        .plays("u1", A, 1).plays("u1", B, 1)
        .plays("u2", C, 1).plays("u2", A, 1).plays("u2", B, 1)
        .plays("u3", B, 1).plays("u3", C, 1)
        .plays("u4", D, 1)
        .user("u5");
  }

  static CoListeningCounts count(ListeningPartition partition, ListenWeighting weighting,
      int cap) {
    return new CountCoListening().apply(CoListeningRequest.newBuilder()
        .setListening(partition).setWeighting(weighting).setHistoryCap(cap).build());
  }

  /** The answer's pairs as "first+second=sum", by key. */
  static List<String> pairs(CoListeningCounts counts) {
    List<String> pairs = new ArrayList<>();
    for (int p = 0; p < counts.getPairFirstCount(); p++) {
      pairs.add(counts.getSongKeys(counts.getPairFirst(p)) + "+"
          + counts.getSongKeys(counts.getPairSecond(p)) + "=" + counts.getPairSums(p));
    }
    Collections.sort(pairs);
    return pairs;
  }

  @Test
  void shouldCountListenersAndCoListenersWithBinaryWeights() {
    CoListeningCounts counts = count(fourUsers().partition(),
        ListenWeighting.LISTEN_WEIGHTING_BINARY, 0);

    assertThat(counts.getSongKeysList()).containsExactly(A, B, C, D);
    assertThat(counts.getSongSquareSumsList()).containsExactly(2L, 3L, 2L, 1L);
    assertThat(counts.getSongUsersList()).containsExactly(2L, 3L, 2L, 1L);
    assertThat(pairs(counts)).containsExactly(A + "+" + B + "=2", A + "+" + C + "=1",
        B + "+" + C + "=2");
    for (int p = 0; p < counts.getPairFirstCount(); p++) {
      assertThat(counts.getPairFirst(p)).isLessThan(counts.getPairSecond(p));
    }
    assertThat(counts.getUsersCapped()).isZero();
    assertThat(counts.getWeighting()).isEqualTo(ListenWeighting.LISTEN_WEIGHTING_BINARY);
    assertThat(counts.getHistoryCap()).isEqualTo(CountCoListening.DEFAULT_HISTORY_CAP);
  }

  @Test
  void shouldWeighPlaysByTheirLogarithmByDefault() {
    // round(16 (1 + ln p)): 1 play 16, 2 plays 27 (27.09), 3 plays 34 (33.58), 10 plays 53
    // (52.84).
    ListeningPartition partition = new Listening()
        .plays("u1", A, 1).plays("u1", B, 2)
        .plays("u2", A, 3).plays("u2", C, 10).partition();

    CoListeningCounts counts = count(partition, ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 0);

    assertThat(counts.getWeighting()).isEqualTo(ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS);
    assertThat(counts.getSongKeysList()).containsExactly(A, B, C);
    assertThat(counts.getSongSquareSumsList())
        .containsExactly(16L * 16 + 34 * 34, 27L * 27, 53L * 53);
    assertThat(counts.getSongUsersList()).containsExactly(2L, 1L, 1L);
    assertThat(pairs(counts)).containsExactly(A + "+" + B + "=" + 16 * 27,
        A + "+" + C + "=" + 34 * 53);
  }

  @Test
  void shouldCapPlaysAtFiftyWithCappedWeights() {
    ListeningPartition partition = new Listening()
        .plays("u1", A, 7).plays("u1", B, 1_000).partition();

    CoListeningCounts counts = count(partition,
        ListenWeighting.LISTEN_WEIGHTING_CAPPED_PLAYS, 0);

    assertThat(counts.getSongSquareSumsList()).containsExactly(49L, 2_500L);
    assertThat(pairs(counts)).containsExactly(A + "+" + B + "=350");
  }

  @Test
  void shouldKeepTheMostPlayedSongsOfAHistoryOverTheCapTiesByKey() {
    // u1's B and C tie on plays: B, the lower key, stays. D is played least.
    ListeningPartition partition = new Listening()
        .plays("u1", D, 1).plays("u1", C, 3).plays("u1", B, 3).plays("u1", A, 5)
        .plays("u2", C, 1).plays("u2", D, 1).partition();

    CoListeningCounts counts = count(partition, ListenWeighting.LISTEN_WEIGHTING_BINARY, 2);

    assertThat(counts.getUsersCapped()).isEqualTo(1);
    assertThat(counts.getHistoryCap()).isEqualTo(2);
    assertThat(counts.getSongKeysList()).containsExactly(A, B, C, D);
    assertThat(counts.getSongUsersList()).containsExactly(1L, 1L, 1L, 1L);
    assertThat(pairs(counts)).containsExactly(A + "+" + B + "=1", C + "+" + D + "=1");
  }

  @Test
  void shouldAnswerAUserWithNoPlaysAndAnEmptyPartitionWithNothing() {
    CoListeningCounts empty = count(ListeningPartition.getDefaultInstance(),
        ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 0);
    CoListeningCounts silent = count(new Listening().user("u1").partition(),
        ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 0);

    for (CoListeningCounts counts : List.of(empty, silent)) {
      assertThat(counts.getSongKeysCount()).isZero();
      assertThat(counts.getPairSumsCount()).isZero();
    }
  }

  @Test
  void shouldAnswerTheSameWhateverOrderThePartitionListsItsPlays() {
    Random random = new Random(7);
    Listening listening = RandomListening.of(random, 40, 30, 12);
    ListeningPartition partition = listening.partition();
    CoListeningCounts expected = count(partition, ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 5)
        .toBuilder().clearProcessingTime().build();

    for (int i = 0; i < 5; i++) {
      CoListeningCounts shuffled = count(RandomListening.shuffle(partition, random),
          ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 5);

      assertThat(shuffled.toBuilder().clearProcessingTime().build()).isEqualTo(expected);
    }
  }
}
