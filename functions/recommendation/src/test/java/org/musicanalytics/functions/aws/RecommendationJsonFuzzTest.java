package org.musicanalytics.functions.aws;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.recommendation.RecommendationFunctions;

/** Hostile proto3 JSON against this module's stages: see {@link JsonFuzzTests}. */
class RecommendationJsonFuzzTest extends JsonFuzzTests {

  @Override
  protected List<AnalyticsFunction<?, ?>> stages() {
    return new RecommendationFunctions().functions();
  }

  @Override
  protected List<String> lambdaFunctions() {
    return List.of("recommend");
  }
}
