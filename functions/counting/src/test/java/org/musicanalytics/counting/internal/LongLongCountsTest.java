package org.musicanalytics.counting.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLongCountsTest {

  @Test
  void shouldCountAsAMapDoesAcrossResizes() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      LongLongCounts counts = new LongLongCounts();
      Map<Long, Long> expected = new HashMap<>();
      int firsts = 1 + random.nextInt(60);
      int seconds = 1 + random.nextInt(60);
      for (int i = 0; i < 5_000; i++) {
        long key = LongLongCounts.key(random.nextInt(firsts), random.nextInt(seconds));
        if (random.nextBoolean()) {
          counts.increment(key);
          expected.merge(key, 1L, Long::sum);
        } else {
          long plays = random.nextInt(5) - 1; // zero and negative counts too
          counts.add(key, plays);
          expected.merge(key, plays, Long::sum);
        }
      }

      Map<Long, Long> actual = new HashMap<>();
      counts.forEach((key, count) -> assertThat(actual.put(key, count)).isNull());
      assertThat(actual).isEqualTo(expected);
      assertThat(counts.size()).isEqualTo(expected.size());
      long[] keys = new long[counts.size()];
      long[] values = new long[counts.size()];
      assertThat(counts.copyTo(keys, values)).isEqualTo(expected.size());
      for (int i = 0; i < keys.length; i++) {
        assertThat(values[i]).isEqualTo(expected.get(keys[i]));
      }
    }
  }

  @Test
  void shouldSplitAKeyIntoItsIds() {
    long key = LongLongCounts.key(Integer.MAX_VALUE, 5);

    assertThat(LongLongCounts.first(key)).isEqualTo(Integer.MAX_VALUE);
    assertThat(LongLongCounts.second(key)).isEqualTo(5);
    assertThat(LongLongCounts.second(LongLongCounts.key(0, Integer.MAX_VALUE)))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void shouldKeepAKeyWhoseCountIsZero() {
    LongLongCounts counts = new LongLongCounts();
    counts.add(0, 0);
    counts.add(LongLongCounts.key(Integer.MAX_VALUE, Integer.MAX_VALUE), 3);

    Map<Long, Long> actual = new HashMap<>();
    counts.forEach(actual::put);
    assertThat(actual).containsOnly(Map.entry(0L, 0L),
        Map.entry(LongLongCounts.key(Integer.MAX_VALUE, Integer.MAX_VALUE), 3L));
  }

  @Test
  void shouldFailOnOverflowAndKeysOutOfRange() {
    LongLongCounts counts = new LongLongCounts();
    counts.add(1, Long.MAX_VALUE);

    assertThatThrownBy(() -> counts.add(1, 1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> counts.add(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counts.add(Long.MAX_VALUE, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
