package org.musicanalytics.client.pipeline.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.proto.SongNeighbours;

/**
 * Every song's neighbours, indexed by song, so that round 3 cuts the neighbours of a group
 * of users' songs in time proportional to what it ships, however many groups there are.
 * The cut is {@code SongSimilarity.forSongs} of the whole table (tests hold it to that):
 * the songs named, in the table's order, and their entries in the table's order.
 */
public final class NeighbourTable {

  private final List<String> keys;
  private final Map<String, Integer> byKey;
  /** Per song, where its entries start; one extra at the end. Entries are by song. */
  private final int[] start;
  private final int[] neighbour;
  private final double[] similarity;

  /**
   * @param table neighbours whose entries are grouped by song in song order, as
   *     {@code SongSimilarity.neighbours} and {@code union} give them
   * @throws IllegalArgumentException if they are not
   */
  public NeighbourTable(SongNeighbours table) {
    keys = List.copyOf(table.getSongKeysList());
    byKey = new HashMap<>(keys.size() * 2);
    for (int s = 0; s < keys.size(); s++) {
      byKey.put(keys.get(s), s);
    }
    int entries = table.getSongIndexCount();
    start = new int[keys.size() + 1];
    neighbour = new int[entries];
    similarity = new double[entries];
    int previous = 0;
    for (int e = 0; e < entries; e++) {
      int song = table.getSongIndex(e);
      if (song < previous) {
        throw new IllegalArgumentException("the neighbours' entries are not by song: entry "
            + e + " is of song " + song + " after song " + previous);
      }
      previous = song;
      start[song + 1]++;
      neighbour[e] = table.getNeighbourIndex(e);
      similarity[e] = table.getSimilarity(e);
    }
    for (int s = 0; s < keys.size(); s++) {
      start[s + 1] += start[s];
    }
  }

  /** How many songs the table names. */
  public int songCount() {
    return keys.size();
  }

  /** The longest key, by {@code length}; empty for an empty table. */
  public String longestKey(java.util.function.ToLongFunction<String> length) {
    String longest = "";
    for (String key : keys) {
      if (length.applyAsLong(key) > length.applyAsLong(longest)) {
        longest = key;
      }
    }
    return longest;
  }

  /** The song of {@code key}, or -1 if the table does not name it. */
  public int indexOf(String key) {
    return byKey.getOrDefault(key, -1);
  }

  /** The key of song {@code song}. */
  public String key(int song) {
    return keys.get(song);
  }

  /** Where song {@code song}'s entries start. */
  public int start(int song) {
    return start[song];
  }

  /** Where song {@code song}'s entries end. */
  public int end(int song) {
    return start[song + 1];
  }

  /** The neighbour of entry {@code entry}. */
  public int neighbour(int entry) {
    return neighbour[entry];
  }

  /** Each song's {@code length}, by song: what round 3 adds up for every user it groups. */
  public long[] keyLengths(java.util.function.ToLongFunction<String> length) {
    long[] lengths = new long[keys.size()];
    for (int s = 0; s < lengths.length; s++) {
      lengths[s] = length.applyAsLong(keys.get(s));
    }
    return lengths;
  }

  /** The entries of {@code songs} (indexes of this table, each once), as a message. */
  public SongNeighbours cut(int[] songs, int count) {
    int[] rows = Arrays.copyOf(songs, count);
    Arrays.sort(rows);
    // Per song of the table, its place in the cut + 1; 0 for a song the cut does not name.
    int[] position = new int[keys.size()];
    int namedCount = 0;
    for (int song : rows) {
      if (start[song] == start[song + 1]) {
        continue;
      }
      if (position[song] == 0) {
        position[song] = 1;
        namedCount++;
      }
      for (int e = start[song]; e < start[song + 1]; e++) {
        if (position[neighbour[e]] == 0) {
          position[neighbour[e]] = 1;
          namedCount++;
        }
      }
    }
    SongNeighbours.Builder cut = SongNeighbours.newBuilder();
    List<String> named = new ArrayList<>(namedCount);
    for (int s = 0, n = 0; n < namedCount; s++) {
      if (position[s] != 0) {
        position[s] = ++n;
        named.add(keys.get(s));
      }
    }
    cut.addAllSongKeys(named);
    for (int song : rows) {
      for (int e = start[song]; e < start[song + 1]; e++) {
        cut.addSongIndex(position[song] - 1).addNeighbourIndex(position[neighbour[e]] - 1)
            .addSimilarity(similarity[e]);
      }
    }
    return cut.build();
  }
}
