package org.musicanalytics.functions.recommendation.learned;

import org.musicanalytics.proto.ListenWeighting;

/**
 * The weight a user's plays of one song carry in co-listening and in scores, for each
 * {@link ListenWeighting}.
 *
 * <p>Weights are integers so that round 2's sums of weights and of their products are exact,
 * and partitions' sums add up to the same totals in any order. Each weighting has a
 * {@linkplain #unit unit}, the weight of a single play; similarities and scores divide it
 * out, so that they read in plays whatever the weighting's resolution.
 */
public final class ListenWeights {

  /**
   * The weighting of {@link ListenWeighting#LISTEN_WEIGHTING_DEFAULT}: log-scaled plays, so
   * that a song replayed daily counts more than one heard once without one heavy listener's
   * loop outweighing many listeners.
   */
  public static final ListenWeighting DEFAULT = ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS;

  /**
   * The resolution of log-scaled weights, a power of two so that dividing by it is exact: a
   * weight is {@code round(LOG_SCALE * (1 + ln plays))}, which tells 1 play from 2 (16 from
   * 27) and keeps products of two weights small (a billion plays weigh 348).
   */
  public static final int LOG_SCALE = 16;

  /**
   * Where capped plays stop counting: a song played more than this often by one user is one
   * of their staples either way, and the cap keeps one user's loop of a song from
   * outweighing the co-listening of dozens of users.
   */
  public static final int PLAY_CAP = 50;

  private ListenWeights() {}

  /** {@code weighting}, or {@link #DEFAULT} for {@code LISTEN_WEIGHTING_DEFAULT}. */
  public static ListenWeighting resolve(ListenWeighting weighting) {
    return weighting == ListenWeighting.LISTEN_WEIGHTING_DEFAULT ? DEFAULT : weighting;
  }

  /**
   * The weight of {@code plays} plays of one song by one user: at least {@link #unit}.
   *
   * @throws IllegalArgumentException if {@code plays} is not positive or the weighting is
   *     not one this code knows
   */
  public static long weight(ListenWeighting weighting, long plays) {
    if (plays <= 0) {
      throw new IllegalArgumentException("plays must be positive, was " + plays);
    }
    return switch (resolve(weighting)) {
      case LISTEN_WEIGHTING_LOG_PLAYS -> Math.round(LOG_SCALE * (1 + Math.log(plays)));
      case LISTEN_WEIGHTING_CAPPED_PLAYS -> Math.min(plays, PLAY_CAP);
      case LISTEN_WEIGHTING_BINARY -> 1;
      default -> throw new IllegalArgumentException("unknown weighting " + weighting);
    };
  }

  /** The weight of a single play: what divides weights back into plays. */
  public static long unit(ListenWeighting weighting) {
    return weight(weighting, 1);
  }

  /**
   * Whether this code knows the weighting: a request may carry an enum number from a newer
   * contract, which proto3 keeps as {@code UNRECOGNIZED}.
   */
  public static boolean isKnown(ListenWeighting weighting) {
    return weighting != ListenWeighting.UNRECOGNIZED;
  }
}
