package org.musicanalytics.functions.aws;

/**
 * Recommendation in the real Lambda Java runtime on the built
 * {@code functions-recommendation-*-aws.jar}.
 */
class RecommendationRuntimeIT extends AbstractLambdaRuntimeIT {

  RecommendationRuntimeIT() {
    super("Recommendation", "recommend", RecommendationSampleResponses.BY_DEFINITION);
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest(
        "{\"user_stats\":{\"user_stats\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}}",
        "user_stats.user_stats[1].user_id must not be empty");
  }
}
