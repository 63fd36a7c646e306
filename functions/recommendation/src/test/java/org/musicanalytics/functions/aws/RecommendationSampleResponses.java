package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.util.Map;
import java.util.function.Consumer;
import org.musicanalytics.proto.RecommendationResponse;

/**
 * {@code recommend}'s answer to the request of {@code events/recommend.json} (and of its
 * {@code -http} twin): play counts of 7 songs (5 with 2 plays, 2 with 1) with their
 * {@code songs} parts, and 5 users' stats. Rankings worked out by hand from the event:
 * plays descending, then key ascending. The check parses the response JSON strictly.
 */
final class RecommendationSampleResponses {

  /** The check of each function's sample response, by function definition. */
  static final Map<String, Consumer<byte[]>> BY_DEFINITION =
      Map.of("recommend", RecommendationSampleResponses::assertRecommendations);

  private RecommendationSampleResponses() {}

  static void assertRecommendations(byte[] json) {
    RecommendationResponse response = parse(json, RecommendationResponse.newBuilder());

    assertThat(response.getTrendingSongsList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006",
        "Drake - S010");
    assertThat(response.getRecommendationsMap()).containsOnlyKeys(
        "U001", "U002", "U003", "U004", "U005");
    // U001's top artist is Adele: the next five of the ranking.
    assertThat(response.getRecommendationsOrThrow("U001").getValuesList()).containsExactly(
        "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006", "Drake - S010",
        "Imagine Dragons - S002");
    // U002's is Billie Eilish.
    assertThat(response.getRecommendationsOrThrow("U002").getValuesList()).containsExactly(
        "Adele - S005", "Bruno Mars - S008", "Drake - S006", "Drake - S010",
        "Imagine Dragons - S002");
    // U003's top artist is Drake: both Drake songs are skipped, the 1-play songs fill up.
    assertThat(response.getRecommendationsOrThrow("U003").getValuesList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008",
        "Imagine Dragons - S002", "Taylor Swift - S004");
  }
}
