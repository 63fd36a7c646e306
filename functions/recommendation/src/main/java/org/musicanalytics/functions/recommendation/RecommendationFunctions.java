package org.musicanalytics.functions.recommendation;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.functions.recommendation.learned.RecommendFromListening;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;

/**
 * The recommendation module's functions: the old rule ({@code recommend}) and the learned
 * recommender's rounds 2 and 3.
 */
public final class RecommendationFunctions implements AnalyticsFunctionProvider {

  @Override
  public List<AnalyticsFunction<?, ?>> functions() {
    return List.of(
        new AnalyticsFunction<>(StageRpc.RECOMMEND.functionName(),
            RecommendationRequest.class, RecommendationResponse.class, new Recommend()),
        new AnalyticsFunction<>(StageRpc.COUNT_CO_LISTENING.functionName(),
            CoListeningRequest.class, CoListeningCounts.class, new CountCoListening()),
        new AnalyticsFunction<>(StageRpc.RECOMMEND_FROM_LISTENING.functionName(),
            ListeningScoreRequest.class, LearnedRecommendations.class,
            new RecommendFromListening()));
  }
}
