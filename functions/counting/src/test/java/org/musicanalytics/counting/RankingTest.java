package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingTest {

  @Test
  void shouldRankByCountDescendingThenKeyAscending() {
    Map<String, Long> counts = new HashMap<>();
    counts.put("b", 2L);
    counts.put("a", 2L);
    counts.put("c", 3L);
    counts.put("d", 1L);

    assertThat(Ranking.rank(counts)).containsExactly("c", "a", "b", "d");
  }

  @Test
  void shouldCutTheRankingAtTheLimit() {
    Map<String, Long> counts = Map.of("a", 1L, "b", 5L, "c", 3L);

    assertThat(Ranking.top(counts, 2)).containsExactly("b", "c");
    assertThat(Ranking.top(counts, 0)).isEmpty();
    assertThat(Ranking.top(Map.of(), 5)).isEmpty();
  }

  @Test
  void shouldCompareCountsAboveTheInt32Range() {
    Map<String, Long> counts = Map.of("small", (long) Integer.MAX_VALUE, "large", 1L << 32);

    assertThat(Ranking.rank(counts)).containsExactly("large", "small");
  }

  @Test
  void shouldOrderKeysByCodeUnitIndependentlyOfLocale() {
    Map<String, Long> counts = Map.of("Été", 1L, "Zoe", 1L, "Ålborg", 1L, "apple", 1L);

    assertThat(Ranking.rank(counts)).containsExactly("Zoe", "apple", "Ålborg", "Été");
  }

  @Test
  void shouldGiveTheHeadOfTheRankingAsTheTopOfManyKeys() {
    java.util.Random random = new java.util.Random(9);
    for (int trial = 0; trial < 200; trial++) {
      Map<String, Long> counts = new HashMap<>();
      for (int keys = random.nextInt(300); keys > 0; keys--) {
        counts.put("k" + random.nextInt(500), (long) random.nextInt(6)); // many ties
      }
      int limit = random.nextInt(20);
      java.util.List<String> ranked = Ranking.rank(counts);

      assertThat(Ranking.top(counts, limit))
          .isEqualTo(ranked.subList(0, Math.min(limit, ranked.size())));
    }
  }

  @Test
  void shouldGiveTheHeadOfTheRankingAsTheTopOfManyKeysForLongerHeads() {
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 200; trial++) {
      Map<String, Long> counts = new HashMap<>();
      for (int keys = random.nextInt(3000); keys > 0; keys--) {
        counts.put("k" + random.nextInt(5000), (long) random.nextInt(20)); // many ties
      }
      int limit = 17 + random.nextInt(400);
      java.util.List<String> ranked = Ranking.rank(counts);

      assertThat(Ranking.top(counts, limit))
          .isEqualTo(ranked.subList(0, Math.min(limit, ranked.size())));
    }
  }

  @Test
  void shouldRankAsTheComparatorSortsWhateverTheCounts() {
    java.util.Random random = new java.util.Random(13);
    long[] spreads = {1, 7, 1000, 1L << 40, Long.MAX_VALUE};
    for (int trial = 0; trial < 300; trial++) {
      Map<String, Long> counts = new HashMap<>();
      long spread = spreads[trial % spreads.length];
      boolean negative = trial % 7 == 0;
      for (int keys = random.nextInt(2000); keys > 0; keys--) {
        long count = Math.floorMod(random.nextLong(), spread);
        counts.put("k" + random.nextInt(3000) + (random.nextBoolean() ? "\u00e9" : ""),
            negative ? -count : count);
      }
      java.util.List<Map.Entry<String, Long>> entries = new java.util.ArrayList<>(
          counts.entrySet());
      entries.sort(Ranking.BY_COUNT_THEN_KEY);

      assertThat(Ranking.rank(counts)).isEqualTo(entries.stream().map(Map.Entry::getKey)
          .toList());
    }
  }
}
