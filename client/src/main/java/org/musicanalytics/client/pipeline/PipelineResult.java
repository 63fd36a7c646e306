package org.musicanalytics.client.pipeline;

import java.util.Map;
import java.util.Optional;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
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
 * @param stageTimes per stage, the times of the calls made to the stage itself (none for
 *     the stages the fused call served)
 * @param fusedCall the times of the fused calls, {@link CallTimes#NONE} if none was made
 * @param fusedProcessingSeconds the host's processing time for the fused calls, summed
 * @param totalSeconds seconds for the whole workflow, first call sent to last answer
 * @param recordShards how many shards of records went to the record-reading stages
 * @param userShards how many shards of users went to Recommendation
 * @param listeningPartitions the run's listening, split by user, if the pipeline was asked
 *     for it ({@link AnalyticsPipeline#withListening}), else null; see {@link #listening()}
 * @param learned the learned recommender's answer, if the run used it; then
 *     {@code recommendations} holds its first five songs per user
 */
public record PipelineResult(
    PlayCounts playCounts,
    UserStatsList userStats,
    GenreAnalysisResponse genres,
    RecommendationResponse recommendations,
    Map<Stage, CallTimes> stageTimes,
    CallTimes fusedCall,
    double fusedProcessingSeconds,
    double totalSeconds,
    int recordShards,
    int userShards,
    ListeningPartitions listeningPartitions,
    Optional<LearnedRecommender.Result> learned) {

  public PipelineResult {
    stageTimes = Map.copyOf(stageTimes);
  }

  /** A result of the old rule, without listening or the learned recommender. */
  public PipelineResult(PlayCounts playCounts, UserStatsList userStats,
      GenreAnalysisResponse genres, RecommendationResponse recommendations,
      Map<Stage, CallTimes> stageTimes, CallTimes fusedCall, double fusedProcessingSeconds,
      double totalSeconds, int recordShards, int userShards) {
    this(playCounts, userStats, genres, recommendations, stageTimes, fusedCall,
        fusedProcessingSeconds, totalSeconds, recordShards, userShards, null,
        Optional.empty());
  }

  /**
   * The run's listening, split into partitions by user, if the pipeline was asked for it
   * ({@link AnalyticsPipeline#withListening}): owned by the caller, who closes it (it holds
   * files on disk).
   */
  public Optional<ListeningPartitions> listening() {
    return Optional.ofNullable(listeningPartitions);
  }

  /** The recommender whose lists {@link #recommendations} holds. */
  public Recommender recommender() {
    return learned.isPresent() ? Recommender.ITEM_KNN : Recommender.TOP_ARTIST_FILTER;
  }

  /**
   * This result with the learned recommender's answer: {@link #recommendations} keeps the
   * trending songs and holds each user's first five learned songs, the old shape, and
   * {@code seconds} of its rounds count in the total workflow time; the listening it was
   * made from is no longer held.
   */
  public PipelineResult withLearned(LearnedRecommender.Result answer, double seconds) {
    return new PipelineResult(playCounts, userStats, genres, answer.firstSongs(recommendations),
        stageTimes, fusedCall, fusedProcessingSeconds, totalSeconds + seconds, recordShards,
        userShards, null, Optional.of(answer));
  }

  /** Whether the fused call served MapReduce, UserBehavior and GenreAnalysis. */
  public boolean fused() {
    return fusedCall.calls() > 0;
  }

  /**
   * The calls that served {@code stage}: the fused call's for the stages it served, else
   * the stage's own.
   */
  public CallTimes servedBy(Stage stage) {
    return servedByFusedCall(stage) ? fusedCall : stageTimes.get(stage);
  }

  /** Whether the fused call served {@code stage} in this run. */
  public boolean servedByFusedCall(Stage stage) {
    return fused() && StageRpc.ANALYZE_SHARD.stages().contains(stage);
  }

  /**
   * This result with {@code seconds} of calls made before the run counted in the total
   * workflow time, e.g. the check whether the host serves the fused call, which is also
   * the call that connects to it.
   */
  public PipelineResult withCallsBefore(double seconds) {
    return new PipelineResult(playCounts, userStats, genres, recommendations, stageTimes,
        fusedCall, fusedProcessingSeconds, totalSeconds + seconds, recordShards, userShards,
        listeningPartitions, learned);
  }

  /**
   * The stage's own processing time, as it reported it (summed over shards); for a stage
   * the fused call served, only what was not the fused pass ({@link #fusedProcessingSeconds}).
   */
  public double processingSeconds(Stage stage) {
    return switch (stage) {
      case MAP_REDUCE -> playCounts.getProcessingTime();
      case USER_BEHAVIOR -> userStats.getProcessingTime();
      case GENRE_ANALYSIS -> genres.getProcessingTime();
      case RECOMMENDATION -> recommendations.getProcessingTime();
    };
  }
}
