package org.musicanalytics.client.pipeline;

/**
 * The four stages of a run, in the order they are called. The metrics name is the prefix
 * of the stage's keys in the results file ({@code mapreduce_time}, ...).
 */
public enum Stage {
  MAP_REDUCE("MapReduce", "mapreduce"),
  USER_BEHAVIOR("UserBehavior", "userbehavior"),
  GENRE_ANALYSIS("GenreAnalysis", "genre"),
  RECOMMENDATION("Recommendation", "recommendation");

  private final String displayName;
  private final String metricsName;

  Stage(String displayName, String metricsName) {
    this.displayName = displayName;
    this.metricsName = metricsName;
  }

  /** The service's name as users know it, e.g. {@code MapReduce}. */
  public String displayName() {
    return displayName;
  }

  /** The stage's name in the results file, e.g. {@code mapreduce}. */
  public String metricsName() {
    return metricsName;
  }
}
