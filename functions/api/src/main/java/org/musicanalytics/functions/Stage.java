package org.musicanalytics.functions;

/**
 * The catalogue of the analytics stages: each stage under every name a deployment or the
 * client knows it by.
 *
 * <p>A stage is a part of the analysis that a run calls and reports on. The rpcs that answer
 * stages, with the function behind each, are the entries of {@link StageRpc}; {@link #rpc()}
 * is the one that answers this stage alone. Stages are in the order a run calls them, which
 * is also the order of the old deployment's ports.
 */
public enum Stage {
  /** Plays per song. */
  MAP_REDUCE("MapReduce", "mapreduce", "MAPREDUCE", 50051, "MapReduce", "MAPREDUCE_FUNCTION"),
  /** Per-user listening time and top artist, and the top users. */
  USER_BEHAVIOR("UserBehavior", "userbehavior", "USERBEHAVIOR", 50053, "UserBehavior",
      "USERBEHAVIOR_FUNCTION"),
  /** Plays per genre, ranked; on port 50055, as the old client expects. */
  GENRE_ANALYSIS("GenreAnalysis", "genre", "GENRE_ANALYSIS", 50055, "GenreAnalysis",
      "GENRE_ANALYSIS_FUNCTION"),
  /** Trending songs and per-user recommendations; on port 50057, as the old client expects. */
  RECOMMENDATION("Recommendation", "recommendation", "RECOMMENDATION", 50057, "Recommendation",
      "RECOMMENDATION_FUNCTION");

  private final String displayName;
  private final String metricsName;
  private final String addressPrefix;
  private final int standardPort;
  private final String lambdaName;
  private final String lambdaVariable;

  Stage(String displayName, String metricsName, String addressPrefix, int standardPort,
      String lambdaName, String lambdaVariable) {
    this.displayName = displayName;
    this.metricsName = metricsName;
    this.addressPrefix = addressPrefix;
    this.standardPort = standardPort;
    this.lambdaName = lambdaName;
    this.lambdaVariable = lambdaVariable;
  }

  /** The stage's name as users know it, e.g. {@code MapReduce}. */
  public String displayName() {
    return displayName;
  }

  /** The prefix of the stage's keys in the results file, e.g. {@code mapreduce}. */
  public String metricsName() {
    return metricsName;
  }

  /**
   * The rpc that answers this stage alone, e.g. {@link StageRpc#AGGREGATE_STREAM}: the first
   * entry of {@link StageRpc} whose stages are this one only.
   */
  public StageRpc rpc() {
    for (StageRpc rpc : StageRpc.values()) {
      if (rpc.stages().size() == 1 && rpc.stages().get(0) == this) {
        return rpc;
      }
    }
    throw new IllegalStateException("no rpc answers the " + displayName + " stage alone");
  }

  /** The variable the old client reads the stage's host from, e.g. {@code MAPREDUCE_HOST}. */
  public String hostVariable() {
    return addressPrefix + "_HOST";
  }

  /** The variable the old client reads the stage's port from, e.g. {@code MAPREDUCE_PORT}. */
  public String portVariable() {
    return addressPrefix + "_PORT";
  }

  /** The old deployment's port for the stage's service, e.g. 50051. */
  public int standardPort() {
    return standardPort;
  }

  /**
   * The stage's Lambda function by default: its logical id in {@code template.yaml}, e.g.
   * {@code MapReduce}, the name {@code sam local start-lambda} serves it under.
   */
  public String lambdaName() {
    return lambdaName;
  }

  /** The variable naming the stage's Lambda function instead, e.g. {@code MAPREDUCE_FUNCTION}. */
  public String lambdaVariable() {
    return lambdaVariable;
  }
}
