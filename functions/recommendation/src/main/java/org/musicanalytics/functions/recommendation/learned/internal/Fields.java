package org.musicanalytics.functions.recommendation.learned.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.functions.InvalidRequestException;

/** Checks of a message's fields that name the field and element at fault. */
public final class Fields {

  private Fields() {}

  /**
   * Each string's rank in ascending order ({@link Ranks#of}), after checking that none is
   * empty or repeated.
   *
   * @param field the strings' path, e.g. {@code listening.song_keys}
   * @throws InvalidRequestException naming the first empty or repeated string
   */
  public static int[] distinctRanks(List<String> values, String field) {
    if (strictlyAscending(values)) {
      // Distinct already, and only the first can be empty: the clients list keys sorted,
      // and this spares a hash set and a sort of every key per request.
      if (!values.isEmpty() && values.get(0).isEmpty()) {
        throw new InvalidRequestException(field + "[0]", "must not be empty");
      }
      int[] rank = new int[values.size()];
      for (int i = 0; i < rank.length; i++) {
        rank[i] = i;
      }
      return rank;
    }
    distinct(values, field);
    return Ranks.of(values);
  }

  private static boolean strictlyAscending(List<String> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i - 1).compareTo(values.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that no string is empty or repeated.
   *
   * @param field the strings' path, e.g. {@code song_keys}
   * @throws InvalidRequestException naming the first empty or repeated string
   */
  public static void distinct(List<String> values, String field) {
    Map<String, Integer> seen = new HashMap<>(values.size() * 2);
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value.isEmpty()) {
        throw new InvalidRequestException(field + "[" + i + "]", "must not be empty");
      }
      Integer first = seen.putIfAbsent(value, i);
      if (first != null) {
        throw new InvalidRequestException(field + "[" + i + "]",
            "repeats '" + value + "' (listed first at " + first + ")");
      }
    }
  }

  /**
   * A uint32 index into {@code size} entries.
   *
   * @param field the array's path, e.g. {@code listening.listen_song_index}
   * @param at the element's position in the array
   * @throws InvalidRequestException if it is out of range
   */
  public static int index(int value, int size, String field, int at) {
    if (value < 0 || value >= size) {
      throw new InvalidRequestException(field + "[" + at + "]",
          "is " + Integer.toUnsignedString(value) + ", out of range for " + size + " entries");
    }
    return value;
  }

  /**
   * Checks an array is as long as the one it is aligned with.
   *
   * @throws InvalidRequestException naming the array if it is not
   */
  public static void aligned(String field, int length, String withField, int expected) {
    if (length != expected) {
      throw new InvalidRequestException(field, "has " + length + " elements, but "
          + withField + " has " + expected + "; they must be aligned");
    }
  }

  /**
   * A uint32 setting where 0 asks for the default: the default for 0, else the value.
   *
   * @param field the setting's name, e.g. {@code history_cap}
   * @throws InvalidRequestException if it is over {@code max} (as unsigned)
   */
  public static int orDefault(int requested, int defaultValue, int max, String field) {
    if (requested == 0) {
      return defaultValue;
    }
    if (requested < 0 || requested > max) {
      throw new InvalidRequestException(field, "must be at most " + max
          + " (0 for the default, " + defaultValue + "), was "
          + Integer.toUnsignedString(requested));
    }
    return requested;
  }
}
