package org.musicanalytics.counting.internal;

/**
 * Counts by non-negative {@code long} key, in one array of key and count pairs: open
 * addressing with linear probing, no boxing and no object per entry.
 *
 * <p>A tally's pairs of ids (artist and song, user and artist) are kept this way, each
 * as one key {@code first << 32 | second} ({@link #key}): millions of user × artist pairs
 * cost 16 to 32 bytes each instead of a map entry and two boxes, and a lookup touches one
 * cache line. A key once added stays, even at a count of 0, as in a {@code Map}. Not
 * thread-safe.
 */
public final class LongLongCounts {

  private static final int MIN_SLOTS = 16;
  private static final long K = 0x9E3779B97F4A7C15L;
  /** Another odd multiplier, with no relation to {@link #K}'s order (splitmix64's). */
  private static final long OTHER_K = 0xBF58476D1CE4E5B9L;

  /** Buckets of {@link #addAll}'s order: each a few cache lines of a table of millions. */
  private static final int BUCKET_BITS = 16;
  private static final int BUCKETS = 1 << BUCKET_BITS;
  /**
   * Fewer adds, or a smaller table (in longs), than this are added as they come: a small
   * table stays in cache, and sorting a few adds costs more than it saves.
   */
  private static final int SORTED_ADDS_FROM = 1 << 14;

  /** Per slot: key + 1 (0 for a free slot), then the count. */
  private long[] table = new long[2 * MIN_SLOTS];
  private int shift = 64 - Integer.numberOfTrailingZeros(MIN_SLOTS);
  private int size;
  private final long multiplier;
  /** {@link #addAll}'s pairs in slot order, kept from one call to the next. */
  private long[] sortedKeys = new long[0];
  private long[] sortedCounts = new long[0];

  /** An empty table. */
  public LongLongCounts() {
    this(K);
  }

  private LongLongCounts(long multiplier) {
    this.multiplier = multiplier;
  }

  /**
   * An empty table for keys that arrive in the order of another table's slots
   * ({@link #forEach}, as a shard's counts list them): it hashes differently. Hashed alike,
   * the keys would arrive in the order of their own slots, and linear probing would pile
   * them into one cluster, with probes as long as the table.
   */
  public static LongLongCounts forKeysFromAnotherTable() {
    return new LongLongCounts(OTHER_K);
  }

  /** The key of a pair of non-negative ids. */
  public static long key(int first, int second) {
    return (long) first << 32 | second;
  }

  /** The first id of a {@link #key}. */
  public static int first(long key) {
    return (int) (key >>> 32);
  }

  /** The second id of a {@link #key}. */
  public static int second(long key) {
    return (int) key;
  }

  /**
   * Adds 1 to the count of {@code key}: for counts that cannot reach {@code Long.MAX_VALUE}
   * (the plays of one request).
   */
  public void increment(long key) {
    long stored = key + 1;
    int at = slotOf(stored);
    if (table[at] == stored) {
      table[at + 1]++;
    } else {
      insert(at, stored, 1);
    }
  }

  /**
   * Adds {@code count} to the count of {@code key}.
   *
   * @throws ArithmeticException if the count overflows
   */
  public void add(long key, long count) {
    if (key < 0 || key == Long.MAX_VALUE) {
      throw new IllegalArgumentException("key out of range: " + key);
    }
    long stored = key + 1;
    int at = slotOf(stored);
    if (table[at] == stored) {
      table[at + 1] = Math.addExact(table[at + 1], count);
    } else {
      insert(at, stored, count);
    }
  }

  /**
   * Adds {@code counts[i]} to the count of {@code keys[i]} for each {@code i < n}, as
   * {@link #add} would one at a time, but in the order of the keys' slots: the adds then
   * walk the table from one end to the other instead of landing anywhere in it, and in a
   * table of millions of keys almost every add in any other order misses the cache. The
   * order is the top bits of each key's hash, which orders the slots at any table size, so
   * it holds while the table grows. The arrays are left as they are.
   *
   * @throws IllegalArgumentException if a key is out of range; nothing is added then
   * @throws ArithmeticException if a count overflows
   */
  public void addAll(long[] keys, long[] counts, int n) {
    for (int i = 0; i < n; i++) {
      if (keys[i] < 0 || keys[i] == Long.MAX_VALUE) {
        throw new IllegalArgumentException("key out of range: " + keys[i]);
      }
    }
    if (n < SORTED_ADDS_FROM || table.length < SORTED_ADDS_FROM) {
      for (int i = 0; i < n; i++) {
        add(keys[i], counts[i]);
      }
      return;
    }
    // A counting sort on the hash's top bits: one pass to count, one to place.
    int[] starts = new int[BUCKETS + 1];
    for (int i = 0; i < n; i++) {
      starts[bucketOf(keys[i]) + 1]++;
    }
    for (int b = 0; b < BUCKETS; b++) {
      starts[b + 1] += starts[b];
    }
    if (sortedKeys.length < n) {
      sortedKeys = new long[n];
      sortedCounts = new long[n];
    }
    for (int i = 0; i < n; i++) {
      int at = starts[bucketOf(keys[i])]++;
      sortedKeys[at] = keys[i];
      sortedCounts[at] = counts[i];
    }
    for (int i = 0; i < n; i++) {
      add(sortedKeys[i], sortedCounts[i]);
    }
  }

  private int bucketOf(long key) {
    return (int) (((key + 1) * multiplier) >>> (64 - BUCKET_BITS));
  }

  /**
   * The slot of a stored key: its own, or the free slot that ends its probe, where it
   * belongs.
   */
  private int slotOf(long stored) {
    int mask = table.length - 2;
    int at = (int) ((stored * multiplier) >>> shift) << 1;
    long found;
    while ((found = table[at]) != 0 && found != stored) {
      at = (at + 2) & mask;
    }
    return at;
  }

  /**
   * The count of {@code key}; if it has none, {@code value} becomes its count first. For a
   * table used as a dictionary of keys to ids handed out in order.
   */
  public long getOrPut(long key, long value) {
    if (key < 0 || key == Long.MAX_VALUE) {
      throw new IllegalArgumentException("key out of range: " + key);
    }
    long stored = key + 1;
    int at = slotOf(stored);
    if (table[at] == stored) {
      return table[at + 1];
    }
    insert(at, stored, value);
    return value;
  }

  /** How many keys have a count. */
  public int size() {
    return size;
  }

  /** Receives one key and its count. */
  @FunctionalInterface
  public interface Visitor {
    /** Called once per key, in the table's order: the same for the same adds. */
    void visit(long key, long count);
  }

  /** Calls {@code visitor} with every key and its count. */
  public void forEach(Visitor visitor) {
    long[] slots = table;
    for (int at = 0; at < slots.length; at += 2) {
      if (slots[at] != 0) {
        visitor.visit(slots[at] - 1, slots[at + 1]);
      }
    }
  }

  /**
   * Copies every key and count, in {@link #forEach} order, into the arrays.
   *
   * @return how many were copied: {@link #size()}
   */
  public int copyTo(long[] keys, long[] counts) {
    int n = 0;
    long[] slots = table;
    for (int at = 0; at < slots.length; at += 2) {
      if (slots[at] != 0) {
        keys[n] = slots[at] - 1;
        counts[n++] = slots[at + 1];
      }
    }
    return n;
  }

  private void insert(int at, long stored, long count) {
    table[at] = stored;
    table[at + 1] = count;
    // At most 3/4 full, so probes stay short and a free slot always ends them.
    if (++size * 4 > (table.length >> 1) * 3) {
      grow();
    }
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    shift--;
    for (int from = 0; from < old.length; from += 2) {
      long stored = old[from];
      if (stored != 0) {
        int at = slotOf(stored); // a free slot: keys are unique
        table[at] = stored;
        table[at + 1] = old[from + 1];
      }
    }
  }
}
