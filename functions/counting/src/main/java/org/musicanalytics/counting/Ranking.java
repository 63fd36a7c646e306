package org.musicanalytics.counting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The one ordering every ranked output uses: count descending, then key ascending.
 *
 * <p>Keys compare by {@link String#compareTo}, i.e. by UTF-16 code unit, which is
 * locale-independent and so the same on every machine.
 */
public final class Ranking {

  /** How many entries the top lists (trending songs, top users) hold. */
  public static final int TOP_K = 5;

  /** Count descending, then key ascending. */
  public static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_KEY = (a, b) -> {
    // One comparison, not a chain of composed comparators: rankings of a whole run's songs
    // call it millions of times.
    int byCount = Long.compare(b.getValue(), a.getValue());
    return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
  };

  /** Up to this many keys are picked without sorting them all (the top users of many). */
  private static final int SELECT_LIMIT = 16;

  private Ranking() {}

  /** Every key of {@code counts}, ranked. */
  public static List<String> rank(Map<String, Long> counts) {
    return top(counts, Integer.MAX_VALUE);
  }

  /** At most {@code limit} keys of {@code counts}, ranked. */
  public static List<String> top(Map<String, Long> counts, int limit) {
    if (limit == 1 && !counts.isEmpty()) {
      // The first of the ranking without sorting it: a user's top artist, per user.
      Map.Entry<String, Long> first = null;
      for (Map.Entry<String, Long> entry : counts.entrySet()) {
        if (first == null || BY_COUNT_THEN_KEY.compare(entry, first) < 0) {
          first = entry;
        }
      }
      return List.of(first.getKey());
    }
    if (limit >= 1 && limit <= SELECT_LIMIT && counts.size() > limit * 4) {
      return select(counts, limit);
    }
    if (limit >= 1 && limit < counts.size() / 4) {
      return selectMany(counts, limit);
    }
    List<String> ranked = sortAll(counts);
    return limit >= ranked.size() ? ranked : new ArrayList<>(ranked.subList(0, limit));
  }

  /**
   * Every key, ranked: the counts sorted as numbers (each with its key's index in its low
   * bits), then each run of keys with one count sorted by key. A whole run's songs are
   * hundreds of thousands of keys, and comparing entries through a comparator costs
   * several times more. Counts too far apart to share a number with an index are sorted
   * as entries.
   */
  private static List<String> sortAll(Map<String, Long> counts) {
    int n = counts.size();
    String[] keys = new String[n];
    long[] values = new long[n];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int i = 0;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      keys[i] = entry.getKey();
      values[i] = entry.getValue();
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
      i++;
    }
    int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
    if (n == 0 || min < 0 || max - min >= 1L << (63 - indexBits)) {
      List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
      entries.sort(BY_COUNT_THEN_KEY);
      List<String> ranked = new ArrayList<>(n);
      entries.forEach(entry -> ranked.add(entry.getKey()));
      return ranked;
    }
    long[] order = new long[n];
    for (i = 0; i < n; i++) {
      // Ascending numbers for descending counts.
      order[i] = (max - values[i]) << indexBits | i;
    }
    Arrays.sort(order);
    long indexMask = (1L << indexBits) - 1;
    List<String> ranked = new ArrayList<>(n);
    for (int start = 0, end; start < n; start = end) {
      long count = order[start] >>> indexBits;
      end = start + 1;
      while (end < n && order[end] >>> indexBits == count) {
        end++;
      }
      String[] tied = new String[end - start];
      for (int j = start; j < end; j++) {
        tied[j - start] = keys[(int) (order[j] & indexMask)];
      }
      Arrays.sort(tied);
      Collections.addAll(ranked, tied);
    }
    return ranked;
  }

  /**
   * The first {@code limit} of the ranking, by one pass that keeps the best so far in a
   * heap whose head is the worst of them: a few of many without sorting them all.
   */
  private static List<String> selectMany(Map<String, Long> counts, int limit) {
    Comparator<Map.Entry<String, Long>> worstFirst = BY_COUNT_THEN_KEY.reversed();
    PriorityQueue<Map.Entry<String, Long>> best = new PriorityQueue<>(limit + 1, worstFirst);
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      if (best.size() < limit) {
        best.add(entry);
      } else if (BY_COUNT_THEN_KEY.compare(entry, best.peek()) < 0) {
        best.poll();
        best.add(entry);
      }
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(best);
    entries.sort(BY_COUNT_THEN_KEY);
    List<String> keys = new ArrayList<>(entries.size());
    for (Map.Entry<String, Long> entry : entries) {
      keys.add(entry.getKey());
    }
    return keys;
  }

  /** The first {@code limit} of the ranking, by one pass that keeps them in order. */
  private static List<String> select(Map<String, Long> counts, int limit) {
    List<Map.Entry<String, Long>> top = new ArrayList<>(limit + 1);
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      if (top.size() == limit && BY_COUNT_THEN_KEY.compare(entry, top.get(limit - 1)) >= 0) {
        continue;
      }
      int at = top.size();
      while (at > 0 && BY_COUNT_THEN_KEY.compare(entry, top.get(at - 1)) < 0) {
        at--;
      }
      top.add(at, entry);
      if (top.size() > limit) {
        top.remove(limit);
      }
    }
    List<String> keys = new ArrayList<>(top.size());
    for (Map.Entry<String, Long> entry : top) {
      keys.add(entry.getKey());
    }
    return keys;
  }
}
