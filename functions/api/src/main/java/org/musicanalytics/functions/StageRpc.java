package org.musicanalytics.functions;

import java.util.List;
import java.util.Optional;

/**
 * The catalogue of the contract's rpcs: each rpc of {@code music_analytics.proto} with the
 * function that answers it and the {@linkplain Stage stages} its answer serves.
 *
 * <p>The local gRPC host binds each rpc to its function from here. A new rpc is one entry
 * here, and its function in a module's {@link AnalyticsFunctionProvider}.
 */
public enum StageRpc {
  /** MapReduce's call. */
  AGGREGATE_STREAM("music.MapReduceService/AggregateStream", "aggregateStream",
      Stage.MAP_REDUCE),
  /** UserBehavior's call. */
  ANALYZE_USERS("music.UserBehaviorService/AnalyzeUsers", "analyzeUsers", Stage.USER_BEHAVIOR),
  /** GenreAnalysis's call. */
  ANALYZE_GENRES("music.GenreAnalysisService/AnalyzeGenres", "analyzeGenres",
      Stage.GENRE_ANALYSIS),
  /** Recommendation's call. */
  RECOMMEND("music.RecommendationService/Recommend", "recommend", Stage.RECOMMENDATION),
  /**
   * The fused call: the counts MapReduce, UserBehavior and GenreAnalysis answer from, in one
   * pass over a shard. It has no port of its own (the host serves it on every port) and is
   * not deployed on Lambda.
   */
  ANALYZE_SHARD("music.ShardAnalysisService/AnalyzeShard", "analyzeShard",
      Stage.MAP_REDUCE, Stage.USER_BEHAVIOR, Stage.GENRE_ANALYSIS),
  /**
   * The learned recommender's round 2: co-listening sums of one partition of users. Part of
   * the recommendation stage, which {@link #RECOMMEND} still answers alone.
   */
  COUNT_CO_LISTENING("music.LearnedRecommendationService/CountCoListening",
      "countCoListening", Stage.RECOMMENDATION),
  /** The learned recommender's round 3: the recommendations of one partition of users. */
  RECOMMEND_FROM_LISTENING("music.LearnedRecommendationService/RecommendFromListening",
      "recommendFromListening", Stage.RECOMMENDATION);

  private final String fullMethodName;
  private final String functionName;
  private final List<Stage> stages;

  StageRpc(String fullMethodName, String functionName, Stage... stages) {
    this.fullMethodName = fullMethodName;
    this.functionName = functionName;
    this.stages = List.of(stages);
  }

  /**
   * The rpc's full gRPC name, {@code <package>.<Service>/<Method>}, e.g.
   * {@code music.MapReduceService/AggregateStream}.
   */
  public String fullMethodName() {
    return fullMethodName;
  }

  /**
   * The {@link AnalyticsFunction#name() function} that answers the rpc, e.g.
   * {@code aggregateStream}: also its Spring Cloud Function definition on Lambda.
   */
  public String functionName() {
    return functionName;
  }

  /** The stages the rpc's answer serves, in {@link Stage} order. */
  public List<Stage> stages() {
    return stages;
  }

  /** The entry for the rpc named {@code fullMethodName}, if the catalogue has one. */
  public static Optional<StageRpc> forMethod(String fullMethodName) {
    for (StageRpc rpc : values()) {
      if (rpc.fullMethodName.equals(fullMethodName)) {
        return Optional.of(rpc);
      }
    }
    return Optional.empty();
  }
}
