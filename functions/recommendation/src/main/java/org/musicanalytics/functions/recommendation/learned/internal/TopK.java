package org.musicanalytics.functions.recommendation.learned.internal;

import java.util.Arrays;

/**
 * The best {@code k} items offered to each of several rows, by value descending, then by
 * the items' rank ascending: a bounded heap per row on primitive arrays, so memory stays
 * {@code rows x k} whatever is offered.
 *
 * <p>The order is total (items have distinct ranks), so the items kept do not depend on the
 * order they are offered in. A row's arrays are made on its first offer, so rows never
 * offered cost nothing. Not thread-safe.
 */
public final class TopK {

  private final int limit;
  private final int[] rank;
  private final int[][] items;
  private final double[][] values;
  private final int[] sizes;

  /**
   * @param rows how many rows
   * @param k how many items each row keeps, at least 1
   * @param rank each item's rank: the tie-break, lower first
   */
  public TopK(int rows, int k, int[] rank) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
    this.limit = k;
    this.rank = rank;
    this.items = new int[rows][];
    this.values = new double[rows][];
    this.sizes = new int[rows];
  }

  /** Offers {@code item} with {@code value} to {@code row}. */
  public void offer(int row, int item, double value) {
    int size = sizes[row];
    if (size < limit) {
      if (items[row] == null || items[row].length == size) {
        int capacity = Math.min(limit, Math.max(4, size * 2));
        items[row] = items[row] == null ? new int[capacity] : Arrays.copyOf(items[row], capacity);
        values[row] = values[row] == null ? new double[capacity]
            : Arrays.copyOf(values[row], capacity);
      }
      siftUp(items[row], values[row], size, item, value);
      sizes[row] = size + 1;
    } else if (worse(items[row][0], values[row][0], item, value)) {
      siftDown(items[row], values[row], size, item, value);
    }
  }

  /** How many items {@code row} holds. */
  public int size(int row) {
    return sizes[row];
  }

  /**
   * Moves the items of {@code row}, best first, into {@code toItems} and {@code toValues}
   * from position {@code at}, and empties the row.
   *
   * @return how many items were moved
   */
  public int drain(int row, int[] toItems, double[] toValues, int at) {
    int size = sizes[row];
    int[] heapItems = items[row];
    double[] heapValues = values[row];
    // The heap's root is its worst item: taking roots fills the row from its end.
    for (int left = size; left > 0; left--) {
      toItems[at + left - 1] = heapItems[0];
      toValues[at + left - 1] = heapValues[0];
      if (left > 1) {
        siftDown(heapItems, heapValues, left - 1, heapItems[left - 1], heapValues[left - 1]);
      }
    }
    sizes[row] = 0;
    return size;
  }

  /** Whether item {@code a} ranks below item {@code b}. */
  private boolean worse(int a, double valueA, int b, double valueB) {
    return valueA < valueB || (valueA == valueB && rank[a] > rank[b]);
  }

  /** Puts an item at position {@code hole} of a heap whose root is its worst, moving up. */
  private void siftUp(int[] heapItems, double[] heapValues, int hole, int item, double value) {
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      if (!worse(item, value, heapItems[parent], heapValues[parent])) {
        break;
      }
      heapItems[hole] = heapItems[parent];
      heapValues[hole] = heapValues[parent];
      hole = parent;
    }
    heapItems[hole] = item;
    heapValues[hole] = value;
  }

  /** Replaces the root of a heap of {@code size} items, moving the new item down. */
  private void siftDown(int[] heapItems, double[] heapValues, int size, int item,
      double value) {
    int hole = 0;
    while (true) {
      int child = 2 * hole + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && worse(heapItems[child + 1], heapValues[child + 1],
          heapItems[child], heapValues[child])) {
        child++;
      }
      if (!worse(heapItems[child], heapValues[child], item, value)) {
        break;
      }
      heapItems[hole] = heapItems[child];
      heapValues[hole] = heapValues[child];
      hole = child;
    }
    heapItems[hole] = item;
    heapValues[hole] = value;
  }
}
