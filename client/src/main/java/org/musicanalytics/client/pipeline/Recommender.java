package org.musicanalytics.client.pipeline;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.musicanalytics.functions.recommendation.learned.RecommendFromListening;

/**
 * Which recommender makes a run's per-user lists, by the name the results file gives it in
 * {@code recommendation_results.model}.
 */
public enum Recommender {
  /** The old rule: the global chart minus the user's top artist, five songs. */
  TOP_ARTIST_FILTER("top-artist-filter"),
  /** Item-based nearest neighbours over co-listening ({@link LearnedRecommender}). */
  ITEM_KNN(RecommendFromListening.ITEM_KNN);

  private final String modelName;

  Recommender(String modelName) {
    this.modelName = modelName;
  }

  /** The name in results and on the command line, e.g. {@code item-knn}. */
  public String modelName() {
    return modelName;
  }

  /**
   * The recommender named {@code name}.
   *
   * @throws IllegalArgumentException naming the known ones, if none is
   */
  public static Recommender named(String name) {
    for (Recommender recommender : values()) {
      if (recommender.modelName.equals(name)) {
        return recommender;
      }
    }
    throw new IllegalArgumentException("unknown recommender '" + name + "'; known: "
        + Arrays.stream(values()).map(Recommender::modelName).collect(Collectors.joining(", ")));
  }
}
