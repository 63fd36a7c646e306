package org.musicanalytics.client.pipeline;

import java.util.Map;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.UserStatsList;

/**
 * Every stage's answer and how long the client waited for it.
 *
 * @param playCounts MapReduce's answer
 * @param userStats UserBehavior's answer
 * @param genres GenreAnalysis's answer
 * @param recommendations Recommendation's answer
 * @param callSeconds per stage, seconds from sending the request to having the answer,
 *     summed over the stage's calls
 * @param totalSeconds seconds for the whole workflow, first call to last answer
 * @param recordShards how many shards of records went to the record-reading stages
 * @param userShards how many shards of users went to Recommendation
 */
public record PipelineResult(
    PlayCounts playCounts,
    UserStatsList userStats,
    GenreAnalysisResponse genres,
    RecommendationResponse recommendations,
    Map<Stage, Double> callSeconds,
    double totalSeconds,
    int recordShards,
    int userShards) {

  public PipelineResult {
    callSeconds = Map.copyOf(callSeconds);
  }

  /** Every stage's answer, with one shard each. */
  public PipelineResult(PlayCounts playCounts, UserStatsList userStats,
      GenreAnalysisResponse genres, RecommendationResponse recommendations,
      Map<Stage, Double> callSeconds, double totalSeconds) {
    this(playCounts, userStats, genres, recommendations, callSeconds, totalSeconds, 1, 1);
  }

  /**
   * This result with {@code seconds} of calls made before the run counted in the total
   * workflow time, e.g. the check whether the host serves the fused call, which is also
   * the call that connects to it.
   */
  public PipelineResult withCallsBefore(double seconds) {
    return new PipelineResult(playCounts, userStats, genres, recommendations, callSeconds,
        totalSeconds + seconds, recordShards, userShards);
  }

  /** The stage's own processing time, as it reported it (summed over shards). */
  public double processingSeconds(Stage stage) {
    return switch (stage) {
      case MAP_REDUCE -> playCounts.getProcessingTime();
      case USER_BEHAVIOR -> userStats.getProcessingTime();
      case GENRE_ANALYSIS -> genres.getProcessingTime();
      case RECOMMENDATION -> recommendations.getProcessingTime();
    };
  }
}
