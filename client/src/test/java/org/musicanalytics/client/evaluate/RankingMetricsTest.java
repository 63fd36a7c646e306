package org.musicanalytics.client.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  /**
   * A toy split, k = 3, worked by hand:
   * <pre>
   * user  recommended      relevant   hits (rank)  P     R    DCG        IDCG
   * A     s1 s2 s3 (s4)    s2 s4      s2 (2)       1/3   1/2  1/log2 3   1 + 1/log2 3
   * B     s5 s1            s5         s5 (1)       1/3   1    1          1
   * C     s1 s2 s3         s6         none         0     0    0          1
   * </pre>
   * s4 is A's fourth song, beyond k. Songs recommended: s1 s2 s3 s5, of 8.
   */
  @Test
  void shouldComputeTheMetricsOfAToySplitAsByHand() {
    RankingMetrics metrics = new RankingMetrics(3);
    metrics.add(List.of("s1", "s2", "s3", "s4"), Set.of("s2", "s4"));
    metrics.add(List.of("s5", "s1"), Set.of("s5"));
    metrics.add(List.of("s1", "s2", "s3"), Set.of("s6"));

    RankingMetrics.Scores scores = metrics.scores(8);
    assertThat(scores.users()).isEqualTo(3);
    assertThat(scores.hitRate()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(scores.precision()).isCloseTo((1.0 / 3 + 1.0 / 3 + 0) / 3, within(1e-12));
    assertThat(scores.recall()).isCloseTo((0.5 + 1 + 0) / 3, within(1e-12));
    double ndcgA = (1 / LOG2_3) / (1 + 1 / LOG2_3);
    assertThat(ndcgA).isCloseTo(0.3868528, within(1e-7));
    assertThat(scores.ndcg()).isCloseTo((ndcgA + 1 + 0) / 3, within(1e-12));
    assertThat(scores.ndcg()).isCloseTo(0.4622843, within(1e-7));
    assertThat(scores.songsRecommended()).isEqualTo(4);
    assertThat(scores.coverage()).isEqualTo(0.5);
  }

  @Test
  void shouldScoreAPerfectListOne() {
    RankingMetrics metrics = new RankingMetrics(2);
    // Three relevant songs, two slots: the perfect list fills both.
    metrics.add(List.of("a", "b"), Set.of("a", "b", "c"));
    RankingMetrics.Scores scores = metrics.scores(3);
    assertThat(scores.hitRate()).isEqualTo(1);
    assertThat(scores.ndcg()).isCloseTo(1, within(1e-12));
    assertThat(scores.precision()).isEqualTo(1);
    assertThat(scores.recall()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void shouldCountASongListedTwiceOnceAndAnEmptyListAsAMiss() {
    RankingMetrics metrics = new RankingMetrics(2);
    // "x" twice takes one slot: "y" is rank 2 and within k.
    metrics.add(List.of("x", "x", "y"), Set.of("y"));
    metrics.add(List.of(), Set.of("y"));
    RankingMetrics.Scores scores = metrics.scores(4);
    assertThat(scores.hitRate()).isEqualTo(0.5);
    assertThat(scores.ndcg()).isCloseTo((1 / LOG2_3) / 2, within(1e-12));
    assertThat(scores.precision()).isEqualTo(0.25);
    assertThat(scores.recall()).isEqualTo(0.5);
    assertThat(scores.songsRecommended()).isEqualTo(2);
  }

  @Test
  void shouldRejectAUserWithoutRelevantSongsAndKBelowOne() {
    assertThatThrownBy(() -> new RankingMetrics(3).add(List.of("a"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RankingMetrics(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
  }

  @Test
  void shouldGiveZerosForNoUsers() {
    RankingMetrics.Scores scores = new RankingMetrics(10).scores(0);
    assertThat(scores.users()).isZero();
    assertThat(scores.hitRate()).isZero();
    assertThat(scores.coverage()).isZero();
  }
}
