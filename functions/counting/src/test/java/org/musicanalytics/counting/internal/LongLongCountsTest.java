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
  void shouldAddBatchesAsTheSameAddsOneAtATimeWouldAcrossResizes() {
    Random random = new Random(11);
    LongLongCounts batched = LongLongCounts.forKeysFromAnotherTable();
    LongLongCounts single = LongLongCounts.forKeysFromAnotherTable();
    // Batches large enough to be sorted, into a table that grows past the sorting size,
    // with keys repeated within a batch and across batches.
    for (int batch = 0; batch < 12; batch++) {
      int n = batch % 3 == 0 ? 100 : 40_000;
      long[] keys = new long[n];
      long[] counts = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = LongLongCounts.key(random.nextInt(3_000), random.nextInt(300));
        counts[i] = random.nextInt(5) - 1;
        single.add(keys[i], counts[i]);
      }
      long[] keysBefore = keys.clone();
      batched.addAll(keys, counts, n);
      assertThat(keys).isEqualTo(keysBefore);
    }

    Map<Long, Long> expected = new HashMap<>();
    single.forEach((key, count) -> expected.put(key, count));
    Map<Long, Long> actual = new HashMap<>();
    batched.forEach((key, count) -> assertThat(actual.put(key, count)).isNull());
    assertThat(actual).hasSizeGreaterThan(100_000).isEqualTo(expected);
    assertThat(batched.size()).isEqualTo(single.size());
  }

  @Test
  void shouldAddNothingFromABatchWithAKeyOutOfRange() {
    LongLongCounts counts = new LongLongCounts();
    long[] keys = new long[20_000];
    keys[19_999] = -1;

    assertThatThrownBy(() -> counts.addAll(keys, new long[keys.length], keys.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key out of range: -1");
    assertThat(counts.size()).isZero();
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
