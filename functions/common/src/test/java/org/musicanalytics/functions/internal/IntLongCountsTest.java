package org.musicanalytics.functions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntLongCountsTest {

  @Test
  void shouldCountAsAMapDoesAcrossResizes() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      IntLongCounts counts = new IntLongCounts();
      Map<Integer, Long> expected = new HashMap<>();
      int keys = 1 + random.nextInt(2_000);
      for (int i = 0; i < 5_000; i++) {
        int key = random.nextInt(keys);
        long plays = random.nextInt(5) - 1; // zero and negative counts too
        counts.add(key, plays);
        expected.merge(key, plays, Long::sum);
      }

      Map<Integer, Long> actual = new HashMap<>();
      counts.forEach((key, count) -> assertThat(actual.put(key, count)).isNull());
      assertThat(actual).isEqualTo(expected);
      assertThat(counts.size()).isEqualTo(expected.size());
    }
  }

  @Test
  void shouldKeepAKeyWhoseCountIsZero() {
    IntLongCounts counts = new IntLongCounts();
    counts.add(0, 0);
    counts.add(Integer.MAX_VALUE - 1, 3);

    Map<Integer, Long> actual = new HashMap<>();
    counts.forEach(actual::put);
    assertThat(actual).containsOnly(Map.entry(0, 0L), Map.entry(Integer.MAX_VALUE - 1, 3L));
  }

  @Test
  void shouldFailOnOverflowAndKeysOutOfRange() {
    IntLongCounts counts = new IntLongCounts();
    counts.add(1, Long.MAX_VALUE);

    assertThatThrownBy(() -> counts.add(1, 1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> counts.add(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counts.add(Integer.MAX_VALUE, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
