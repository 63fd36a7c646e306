package org.musicanalytics.functions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
  public static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_KEY =
      Map.Entry.<String, Long>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey());

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
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(BY_COUNT_THEN_KEY);
    List<String> keys = new ArrayList<>(Math.min(limit, entries.size()));
    for (Map.Entry<String, Long> entry : entries) {
      if (keys.size() == limit) {
        break;
      }
      keys.add(entry.getKey());
    }
    return keys;
  }
}
