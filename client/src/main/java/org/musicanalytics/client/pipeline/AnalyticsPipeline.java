package org.musicanalytics.client.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;

/**
 * The one workflow every target runs: MapReduce, UserBehavior and GenreAnalysis over the
 * plays, then Recommendation over the play counts and user stats. Each call is timed on
 * the client; reading the input is not part of it.
 */
public final class AnalyticsPipeline {

  private final AnalyticsStages stages;

  public AnalyticsPipeline(AnalyticsStages stages) {
    this.stages = stages;
  }

  /**
   * Runs the four stages over {@code plays}.
   *
   * @throws StageFailedException if a stage call fails
   */
  public PipelineResult run(StreamList plays) {
    Map<Stage, Double> seconds = new EnumMap<>(Stage.class);
    long start = System.nanoTime();
    PlayCounts playCounts =
        timed(Stage.MAP_REDUCE, seconds, () -> stages.aggregateStream(plays));
    UserStatsList userStats =
        timed(Stage.USER_BEHAVIOR, seconds, () -> stages.analyzeUsers(plays));
    GenreAnalysisResponse genres =
        timed(Stage.GENRE_ANALYSIS, seconds, () -> stages.analyzeGenres(plays));
    RecommendationRequest request = RecommendationRequest.newBuilder()
        .setPlayCounts(playCounts)
        .setUserStats(userStats)
        .build();
    RecommendationResponse recommendations =
        timed(Stage.RECOMMENDATION, seconds, () -> stages.recommend(request));
    double total = (System.nanoTime() - start) / 1e9;
    return new PipelineResult(playCounts, userStats, genres, recommendations, seconds, total);
  }

  private static <T> T timed(Stage stage, Map<Stage, Double> seconds, Supplier<T> call) {
    long start = System.nanoTime();
    T answer = call.get();
    seconds.put(stage, (System.nanoTime() - start) / 1e9);
    return answer;
  }
}
