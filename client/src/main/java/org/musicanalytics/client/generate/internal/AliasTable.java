package org.musicanalytics.client.generate.internal;

/**
 * Draws indices with given weights in constant time (Walker's alias method, with Vose's
 * stable construction): one random number picks a column, and its low bits choose between the
 * column's own index and its alias. Per draw that is two array reads, where a cumulative
 * table would need a binary search over a table larger than the caches.
 */
public final class AliasTable {

  /** Probability of keeping a column's own index, in units of 2^-31. */
  private final int[] threshold;
  private final int[] alias;

  /**
   * @param weights non-negative, finite, with a positive sum; not kept
   */
  public AliasTable(double[] weights) {
    int n = weights.length;
    if (n == 0) {
      throw new IllegalArgumentException("no weights");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weight " + w + " is not a finite, non-negative number");
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("the weights sum to 0");
    }
    threshold = new int[n];
    alias = new int[n];
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int smallCount = 0;
    int largeCount = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      if (scaled[i] < 1) {
        small[smallCount++] = i;
      } else {
        large[largeCount++] = i;
      }
    }
    while (smallCount > 0 && largeCount > 0) {
      int s = small[--smallCount];
      int l = large[--largeCount];
      threshold[s] = toThreshold(scaled[s]);
      alias[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1;
      if (scaled[l] < 1) {
        small[smallCount++] = l;
      } else {
        large[largeCount++] = l;
      }
    }
    // What is left is 1 up to rounding: those columns always keep their own index.
    while (largeCount > 0) {
      int l = large[--largeCount];
      threshold[l] = Integer.MAX_VALUE;
      alias[l] = l;
    }
    while (smallCount > 0) {
      int s = small[--smallCount];
      threshold[s] = Integer.MAX_VALUE;
      alias[s] = s;
    }
  }

  private static int toThreshold(double probability) {
    return (int) Math.min(Integer.MAX_VALUE, Math.round(probability * 0x1.0p31));
  }

  public int size() {
    return threshold.length;
  }

  /** An index drawn by weight, using all 64 bits of {@code random}. */
  public int sample(long random) {
    int column = SplitMix64.index(random, threshold.length);
    return ((int) random & Integer.MAX_VALUE) < threshold[column] ? column : alias[column];
  }
}
