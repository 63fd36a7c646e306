package org.musicanalytics.client.pipeline;

import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;

/**
 * The four stages as one target reaches them: a gRPC host (embedded or running), and
 * later a Lambda deployment. {@link AnalyticsPipeline} drives every target through this
 * interface, so there is one orchestration for all of them.
 *
 * <p>An implementation reports a failed call as a {@link StageFailedException} naming the
 * stage and where it was called.
 */
public interface StageCalls {

  /** MapReduce: plays per song. */
  PlayCounts aggregateStream(StreamList plays);

  /** UserBehavior: per-user totals and top artists, and the top users. */
  UserStatsList analyzeUsers(StreamList plays);

  /** GenreAnalysis: plays per genre, ranked. */
  GenreAnalysisResponse analyzeGenres(StreamList plays);

  /** Recommendation: trending songs and per-user recommendations. */
  RecommendationResponse recommend(RecommendationRequest request);
}
