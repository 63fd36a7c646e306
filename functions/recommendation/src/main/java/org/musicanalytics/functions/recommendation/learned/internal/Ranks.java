package org.musicanalytics.functions.recommendation.learned.internal;

import java.util.Arrays;
import java.util.List;

/** The rank of each string in ascending {@link String#compareTo} order. */
public final class Ranks {

  private Ranks() {}

  /**
   * Each value's position in ascending order: {@code result[i]} is the rank of
   * {@code values.get(i)}; equal values get consecutive ranks in listing order.
   */
  public static int[] of(List<String> values) {
    Integer[] order = new Integer[values.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> values.get(a).compareTo(values.get(b)));
    int[] rank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    return rank;
  }
}
