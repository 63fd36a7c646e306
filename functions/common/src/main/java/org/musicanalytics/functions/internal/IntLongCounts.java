package org.musicanalytics.functions.internal;

/**
 * Counts by non-negative {@code int} key, in two arrays: open addressing with linear
 * probing, no boxing and no object per entry.
 *
 * <p>One user's plays per artist (by artist id) are kept this way: millions of
 * user × artist pairs cost about 20 bytes each instead of a map entry and two boxes.
 * A key once added stays, even at a count of 0, as in a {@code Map}. Not thread-safe.
 */
public final class IntLongCounts {

  private static final int MIN_CAPACITY = 8;

  /** Key + 1 per slot; 0 marks a free slot. */
  private int[] keys = new int[MIN_CAPACITY];
  private long[] counts = new long[MIN_CAPACITY];
  private int size;

  /**
   * Adds {@code plays} to the count of {@code key}.
   *
   * @throws ArithmeticException if the count overflows
   */
  public void add(int key, long plays) {
    if (key < 0 || key == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("key out of range: " + key);
    }
    int slot = slot(keys, key + 1);
    if (keys[slot] != 0) {
      counts[slot] = Math.addExact(counts[slot], plays);
      return;
    }
    keys[slot] = key + 1;
    counts[slot] = plays;
    // At most 3/4 full, so probes stay short and a free slot always ends them.
    if (++size * 4 > keys.length * 3) {
      grow();
    }
  }

  /** How many keys have a count. */
  public int size() {
    return size;
  }

  /** Receives one key and its count. */
  @FunctionalInterface
  public interface Visitor {
    /** Called once per key, in no particular order. */
    void visit(int key, long count);
  }

  /** Calls {@code visitor} with every key and its count. */
  public void forEach(Visitor visitor) {
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != 0) {
        visitor.visit(keys[slot] - 1, counts[slot]);
      }
    }
  }

  /** The slot holding {@code stored}, or the free slot where it goes. */
  private static int slot(int[] keys, int stored) {
    int mask = keys.length - 1;
    int slot = mix(stored) & mask;
    while (keys[slot] != 0 && keys[slot] != stored) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Spreads consecutive ids over the table (ids are handed out in order). */
  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new int[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int slot = slot(keys, oldKeys[i]);
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
      }
    }
  }
}
