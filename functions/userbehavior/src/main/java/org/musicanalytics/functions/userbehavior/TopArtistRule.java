package org.musicanalytics.functions.userbehavior;

import java.util.Arrays;
import java.util.Map;
import org.musicanalytics.counting.CountedPlays;
import org.musicanalytics.counting.Ranking;

/**
 * The top-artist rule of {@code analyzeUsers}: a user's top artist is the artist they played
 * most, ties broken by artist name ascending ({@link Ranking}'s order); {@code ""} for none.
 *
 * <p>A user that a merge received whole, as one earlier answer, keeps the top artist that
 * answer gave ({@link CountedPlays#topArtistAsSent}), as a merge of two answers keeps a user
 * found on one side only.
 */
public final class TopArtistRule {

  /** Each artist id's place among the artist names in {@code String} order. */
  private final int[] nameOrder;

  private TopArtistRule(int[] nameOrder) {
    this.nameOrder = nameOrder;
  }

  /** The rule over the artist ids of {@code counts}. */
  public static TopArtistRule over(CountedPlays counts) {
    // Ties between artists, nearly every user has many, then compare two ints.
    Integer[] ids = new Integer[counts.artistCount()];
    for (int id = 0; id < ids.length; id++) {
      ids[id] = id;
    }
    Arrays.sort(ids, (a, b) -> counts.artist(a).compareTo(counts.artist(b)));
    int[] order = new int[ids.length];
    for (int place = 0; place < ids.length; place++) {
      order[ids[place]] = place;
    }
    return new TopArtistRule(order);
  }

  /**
   * Whether {@code artist}, played {@code plays} times, goes before {@code best}, played
   * {@code bestPlays} times, or -1 for no artist yet.
   */
  public boolean beats(int artist, long plays, int best, long bestPlays) {
    return best < 0 || plays > bestPlays
        || plays == bestPlays && nameOrder[artist] < nameOrder[best];
  }

  /**
   * The top artist of {@code user}: the one the user came with if a merge received it
   * whole, else {@code mostPlayed}, the artist that {@link #beats} every other of the user's
   * (-1 for none).
   */
  public static int of(CountedPlays counts, int user, int mostPlayed) {
    int asSent = counts.topArtistAsSent(user);
    return asSent >= 0 ? asSent : mostPlayed;
  }

  /** The top artist of one user's plays per artist; {@code ""} for none. */
  public static String of(Map<String, Long> artistPlays) {
    return artistPlays.isEmpty() ? "" : Ranking.top(artistPlays, 1).get(0);
  }
}
