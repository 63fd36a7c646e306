package org.musicanalytics.functions.recommendation;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;

/** The recommendation module's stage. */
public final class RecommendationFunctions implements AnalyticsFunctionProvider {

  @Override
  public List<AnalyticsFunction<?, ?>> functions() {
    return List.of(new AnalyticsFunction<>(StageRpc.RECOMMEND.functionName(),
        RecommendationRequest.class, RecommendationResponse.class, new Recommend()));
  }
}
