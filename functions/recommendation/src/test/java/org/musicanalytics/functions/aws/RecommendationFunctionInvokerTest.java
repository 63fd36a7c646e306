package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.RecommendationResponse;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * {@code recommend} through a real {@link FunctionInvoker} on
 * {@code events/recommend.json}: play counts of 7 songs (5 with 2 plays, 2 with 1) with
 * their {@code songs} parts, and 5 users' stats. Expected rankings are worked out by hand
 * from the event: plays descending, then key ascending.
 */
class RecommendationFunctionInvokerTest {

  private static FunctionInvoker recommend;

  @BeforeAll
  static void startInvoker() {
    recommend = invoker("recommend");
  }

  @Test
  void shouldTrendTheTopFiveByPlaysThenKey() {
    RecommendationResponse response =
        parse(invoke(recommend, event("recommend")), RecommendationResponse.newBuilder());

    assertThat(response.getTrendingSongsList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006",
        "Drake - S010");
  }

  @Test
  void shouldRecommendFromTheRankingSkippingTheUsersTopArtist() {
    RecommendationResponse response =
        parse(invoke(recommend, event("recommend")), RecommendationResponse.newBuilder());

    assertThat(response.getRecommendationsMap()).containsOnlyKeys(
        "U001", "U002", "U003", "U004", "U005");
    // U001's top artist is Adele: the next five of the ranking.
    assertThat(response.getRecommendationsOrThrow("U001").getValuesList()).containsExactly(
        "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006", "Drake - S010",
        "Imagine Dragons - S002");
    // U003's top artist is Drake: both Drake songs are skipped, the 1-play songs fill up.
    assertThat(response.getRecommendationsOrThrow("U003").getValuesList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008",
        "Imagine Dragons - S002", "Taylor Swift - S004");
  }

  @Test
  void shouldFailAPlayCountThatIsNotANumber() {
    assertThatThrownBy(() -> invoke(recommend,
        "{\"play_counts\":{\"play_counts\":{\"Adele - S005\":\"two\"}}}"))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("music.RecommendationRequest")
        .hasMessageContaining("two");
  }

  @Test
  void shouldPassTheStageErrorForARepeatedUser() {
    assertThatThrownBy(() -> invoke(recommend, "{\"user_stats\":{\"user_stats\":"
        + "[{\"user_id\":\"U001\"},{\"user_id\":\"U001\"}]}}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("user_stats.user_stats[1].user_id repeats user 'U001'");
  }
}
