package org.musicanalytics.client.pipeline;

import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListeningScoreRequest;

/**
 * Rounds 2 and 3 of the learned recommender ({@code music.LearnedRecommendationService}) as
 * one target reaches them: in process, a gRPC host (embedded or running) or Lambda.
 * {@link LearnedRecommender} drives every target through this interface.
 *
 * <p>Both calls belong to the Recommendation stage. An implementation reports a failed
 * call as a {@link StageFailedException}, retried as the target's other calls are.
 */
public interface LearnedStageCalls {

  /** Round 2: the co-listening sums of one partition of users (one song bucket of them). */
  CoListeningCounts countCoListening(CoListeningRequest request);

  /** Round 3: the recommendations of a group of users, from the neighbours of their songs. */
  LearnedRecommendations recommendFromListening(ListeningScoreRequest request);
}
