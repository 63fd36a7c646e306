package org.musicanalytics.client.evaluate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The top-k quality of one recommender over the users of a time split, added up one user at
 * a time: hit rate, NDCG, precision and recall at k, and catalogue coverage.
 *
 * <p>For a user with recommendations r1, r2, ... (only the first k count) and relevant songs
 * R (the songs they played in the future and not in the past):
 * <ul>
 *   <li>hit rate: 1 if some ri is in R, else 0;
 *   <li>precision: the number of ri in R, over k (a list shorter than k is not excused);
 *   <li>recall: the number of ri in R, over |R|;
 *   <li>NDCG: the sum of 1/log2(i + 1) over the ri in R, over the same sum for a perfect
 *       list, i = 1 .. min(k, |R|).
 * </ul>
 * Each is the mean over users. Coverage is the number of distinct songs recommended to
 * any of the users (first k each), over the size of the catalogue the recommender could
 * choose from. Pure arithmetic, no I/O.
 */
public final class RankingMetrics {

  /** One recommender's figures. */
  public record Scores(int users, double hitRate, double ndcg, double precision,
      double recall, double coverage, int songsRecommended) {}

  private final int topK;
  private final double[] ideal;
  private final Set<String> recommended = new HashSet<>();
  private int users;
  private double hits;
  private double ndcg;
  private double precision;
  private double recall;

  /** Metrics at {@code k}, at least 1. */
  public RankingMetrics(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
    this.topK = k;
    ideal = new double[k + 1];
    for (int i = 1; i <= k; i++) {
      ideal[i] = ideal[i - 1] + gain(i);
    }
  }

  /** The discount of rank {@code i} (from 1): 1/log2(i + 1). */
  private static double gain(int i) {
    return Math.log(2) / Math.log(i + 1);
  }

  /**
   * Adds one user: {@code recommendations} in rank order (only the first k count; a song
   * listed twice counts once), {@code relevant} not empty.
   */
  public void add(List<String> recommendations, Set<String> relevant) {
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("a user without relevant songs cannot be scored");
    }
    Set<String> seen = new HashSet<>();
    int found = 0;
    double dcg = 0;
    int rank = 0;
    for (String song : recommendations) {
      if (rank == topK) {
        break;
      }
      if (!seen.add(song)) {
        continue;
      }
      rank++;
      recommended.add(song);
      if (relevant.contains(song)) {
        found++;
        dcg += gain(rank);
      }
    }
    users++;
    hits += found > 0 ? 1 : 0;
    precision += (double) found / topK;
    recall += (double) found / relevant.size();
    ndcg += dcg / ideal[Math.min(topK, relevant.size())];
  }

  /** The means over the users added; coverage over {@code catalogueSongs} songs. */
  public Scores scores(int catalogueSongs) {
    double perUser = users == 0 ? 0 : 1.0 / users;
    return new Scores(users, hits * perUser, ndcg * perUser, precision * perUser,
        recall * perUser, catalogueSongs == 0 ? 0 : (double) recommended.size() / catalogueSongs,
        recommended.size());
  }
}
