package org.musicanalytics.client.generate.internal;

import java.util.List;

/** The genres an artist can have, and how common each is among artists. */
public final class Genres {

  /** Sixteen genre names as streaming services show them. */
  public static final List<String> NAMES = List.of(
      "Pop", "Hip-Hop", "Rock", "R&B", "Electronic", "Latin", "Country", "Alternative",
      "Indie", "K-Pop", "Metal", "Jazz", "Classical", "Soul", "Funk", "Reggae");

  /** Relative share of artists per genre, in the order of {@link #NAMES}. */
  private static final double[] WEIGHTS = {
      20, 15, 12, 8, 8, 7, 6, 6, 5, 4, 3, 2, 2, 2, 1, 1};

  private static final AliasTable TABLE = new AliasTable(WEIGHTS);

  private Genres() {}

  /** The index in {@link #NAMES} of {@code name}. */
  static int indexOf(String name) {
    int index = NAMES.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("not a genre: " + name);
    }
    return index;
  }

  /** A genre index drawn by how common genres are. */
  static int draw(SplitMix64 random) {
    return TABLE.sample(random.nextLong());
  }
}
