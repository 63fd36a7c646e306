package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import org.musicanalytics.proto.RecommendationResponse;

/**
 * Recommendation in the real Lambda Java runtime on the built
 * {@code functions-recommendation-*-aws.jar}. Expected rankings are those worked out by hand
 * in RecommendationFunctionInvokerTest.
 */
class RecommendationRuntimeIT extends AbstractLambdaRuntimeIT {

  RecommendationRuntimeIT() {
    super("Recommendation", "recommend");
  }

  @Override
  protected void assertPlainEventResponse(byte[] response) {
    RecommendationResponse recommendation =
        parse(response, RecommendationResponse.newBuilder());
    assertThat(recommendation.getTrendingSongsList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006",
        "Drake - S010");
    assertThat(recommendation.getRecommendationsMap())
        .containsOnlyKeys("U001", "U002", "U003", "U004", "U005");
    // U003's top artist is Drake: both Drake songs are skipped.
    assertThat(recommendation.getRecommendationsOrThrow("U003").getValuesList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008",
        "Imagine Dragons - S002", "Taylor Swift - S004");
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest(
        "{\"user_stats\":{\"user_stats\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}}",
        "user_stats.user_stats[1].user_id must not be empty");
  }
}
