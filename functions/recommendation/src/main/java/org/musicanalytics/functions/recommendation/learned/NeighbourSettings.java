package org.musicanalytics.functions.recommendation.learned;

/**
 * How {@link SongSimilarity} turns merged co-listening sums into each song's neighbours.
 *
 * <p>The similarity of a played song {@code i} to a candidate {@code j} is
 * {@code (pair(i, j) / (sq(i)^asymmetry * sq(j)^(1 - asymmetry) + shrinkage * unit^2))^locality}:
 * with asymmetry 1/2 and locality 1 it is the cosine with shrinkage; an asymmetry above 1/2
 * penalises a candidate's many listeners less than the played song's, so among songs heard
 * with {@code i} the widely heard rank higher; a locality above 1 sharpens each song's
 * strongest neighbours against its weak ones. Each song keeps its top {@code neighbours}
 * by that value, and with {@code normalised} its row is divided by the row's sum, so that
 * every played song hands out the same total to its neighbours, scaled by its plays in
 * round 3.
 *
 * @param neighbours neighbours kept per song, at least 1
 * @param shrinkage added to the denominator, in single-play listeners squared; finite and
 *     not negative
 * @param asymmetry the played song's share of the denominator's exponent, from 0 to 1
 * @param locality the exponent of the ratio; finite and positive
 * @param normalised whether each song's kept neighbours are scaled to sum to 1
 */
public record NeighbourSettings(int neighbours, double shrinkage, double asymmetry,
    double locality, boolean normalised) {

  /** Neighbours kept per song by default. */
  public static final int DEFAULT_NEIGHBOURS = 50;
  /** The shrinkage by default, in single-play listeners. */
  public static final double DEFAULT_SHRINKAGE = 10;
  /** The asymmetry by default. */
  public static final double DEFAULT_ASYMMETRY = 0.75;
  /** The locality by default. */
  public static final double DEFAULT_LOCALITY = 2;

  /**
   * The settings chosen by the evaluation on {@code generate --taste} listening, two seeds
   * ({@code bench/results-evaluate-settings.md}): asymmetry, locality and row normalisation
   * each raised HR@10 over the plain cosine. 50 and 100 neighbours scored alike; round 3
   * ships the neighbours of a partition's songs in every request, so K bounds the request
   * (songs x K entries), and the smaller is kept.
   */
  public static final NeighbourSettings DEFAULT = new NeighbourSettings(DEFAULT_NEIGHBOURS,
      DEFAULT_SHRINKAGE, DEFAULT_ASYMMETRY, DEFAULT_LOCALITY, true);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException naming the setting that means nothing
   */
  public NeighbourSettings {
    if (neighbours < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + neighbours);
    }
    if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
      throw new IllegalArgumentException("shrinkage must be finite and not negative, was "
          + shrinkage);
    }
    if (!(asymmetry >= 0 && asymmetry <= 1)) {
      throw new IllegalArgumentException("asymmetry must be from 0 to 1, was " + asymmetry);
    }
    if (!(locality > 0) || Double.isInfinite(locality)) {
      throw new IllegalArgumentException("locality must be finite and positive, was "
          + locality);
    }
  }

  /** The plain cosine with shrinkage: asymmetry 1/2, locality 1, rows as they are. */
  public static NeighbourSettings cosine(int neighbours, double shrinkage) {
    return new NeighbourSettings(neighbours, shrinkage, 0.5, 1, false);
  }

  /** These settings with {@code neighbours} kept per song and {@code shrinkage}. */
  public NeighbourSettings with(int neighbours, double shrinkage) {
    return new NeighbourSettings(neighbours, shrinkage, asymmetry, locality, normalised);
  }
}
