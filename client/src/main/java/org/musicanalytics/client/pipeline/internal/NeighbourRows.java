package org.musicanalytics.client.pipeline.internal;

import java.util.Arrays;
import org.musicanalytics.proto.SongNeighbours;

/**
 * The neighbours of round 2's merge buckets, held by the {@link CoListeningSpill}'s song
 * numbers until every bucket is merged, then joined into one {@link SongNeighbours} as
 * {@code SongSimilarity.union} joins the buckets' own messages: the songs listed, by key
 * ascending, and each song's neighbours as its bucket gave them.
 *
 * <p>Each bucket's message lists the keys of most of the catalogue again (its songs'
 * neighbours are anywhere), and the join copies every entry once more; here an entry takes
 * an int and a double until the join, and a bucket's message is dropped once added.
 */
public final class NeighbourRows {

  private final CoListeningSpill songs;
  /** Per song number, where its row starts in the entries, or -1; and where it ends. */
  private final int[] rowStart;
  private final int[] rowEnd;
  private int[] neighbour = new int[1024];
  private double[] similarity = new double[1024];
  private int entries;

  /** @param songs the finished spill whose songs the buckets' neighbours name */
  public NeighbourRows(CoListeningSpill songs) {
    this.songs = songs;
    this.rowStart = new int[songs.songCount()];
    this.rowEnd = new int[rowStart.length];
    Arrays.fill(rowStart, -1);
  }

  /**
   * Adds one bucket's neighbours, their entries grouped by song as
   * {@code SongSimilarity.neighbours} gives them.
   *
   * @throws IllegalArgumentException if a song's neighbours were added already, or a key is
   *     not one of the spill's songs
   */
  public void add(SongNeighbours part) {
    int[] number = new int[part.getSongKeysCount()];
    for (int k = 0; k < number.length; k++) {
      number[k] = songs.songNumber(part.getSongKeys(k));
      if (number[k] < 0) {
        throw new IllegalArgumentException("the neighbours name the song '"
            + part.getSongKeys(k) + "', which no answer named");
      }
    }
    int count = part.getSongIndexCount();
    int e = 0;
    while (e < count) {
      int local = part.getSongIndex(e);
      int song = number[local];
      if (rowStart[song] >= 0) {
        throw new IllegalArgumentException("the neighbours of the song '"
            + part.getSongKeys(local) + "' are listed twice; join the neighbours of distinct"
            + " buckets");
      }
      rowStart[song] = entries;
      for (; e < count && part.getSongIndex(e) == local; e++) {
        if (entries == neighbour.length) {
          neighbour = Arrays.copyOf(neighbour, entries * 2);
          similarity = Arrays.copyOf(similarity, entries * 2);
        }
        neighbour[entries] = number[part.getNeighbourIndex(e)];
        similarity[entries++] = part.getSimilarity(e);
      }
      rowEnd[song] = entries;
    }
  }

  /** Every song's neighbours added, in one message: what {@code union} of the parts gives. */
  public SongNeighbours joined() {
    int[] byKey = songs.songsByKey();
    boolean[] listed = new boolean[rowStart.length];
    for (int song = 0; song < rowStart.length; song++) {
      if (rowStart[song] >= 0) {
        listed[song] = true;
      }
    }
    for (int e = 0; e < entries; e++) {
      listed[neighbour[e]] = true;
    }
    int[] position = new int[rowStart.length];
    SongNeighbours.Builder joined = SongNeighbours.newBuilder();
    for (int song : byKey) {
      if (listed[song]) {
        position[song] = joined.getSongKeysCount();
        joined.addSongKeys(songs.songKey(song));
      }
    }
    for (int song : byKey) {
      for (int e = rowStart[song]; e >= 0 && e < rowEnd[song]; e++) {
        joined.addSongIndex(position[song]).addNeighbourIndex(position[neighbour[e]])
            .addSimilarity(similarity[e]);
      }
    }
    return joined.build();
  }
}
