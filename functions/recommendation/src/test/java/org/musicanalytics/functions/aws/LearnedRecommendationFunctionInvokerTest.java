package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayError;
import static org.musicanalytics.functions.aws.LambdaTestSupport.httpEvent;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.aws.internal.ProtoJson;
import org.musicanalytics.functions.aws.internal.SampleRequests;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.ListenWeighting;
import tools.jackson.databind.JsonNode;

/**
 * The learned recommender's rounds through a real FunctionInvoker: bad requests by both
 * paths, and the sample request SnapStart priming sends. Their event files run in
 * {@link RecommendationFunctionInvokerTest}.
 */
class LearnedRecommendationFunctionInvokerTest {

  /** A partition whose second play names a song index past its one song. */
  private static final String BAD_SONG_INDEX = "{\"listening\":{\"user_ids\":[\"U001\"],"
      + "\"song_keys\":[\"Adele - S005\"],\"listen_user_index\":[0,0],"
      + "\"listen_song_index\":[0,4294967295],\"listen_plays\":[\"1\",\"2\"]}}";

  @Test
  void shouldPassTheStageErrorForASongIndexOutOfRange() {
    assertThatThrownBy(() -> invoke(
        RecommendationFunctionInvokerTest.invokerOf("countCoListening"), BAD_SONG_INDEX))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("listening.listen_song_index[1] is 4294967295, out of range for 1 entries");
  }

  @Test
  void shouldAnswer400ForNegativePlaysNamingThem() {
    JsonNode error = apiGatewayError(invoke(
        RecommendationFunctionInvokerTest.invokerOf("recommendFromListening"),
        httpEvent("recommendFromListening", "{\"listening\":{\"user_ids\":[\"U001\"],"
            + "\"song_keys\":[\"Adele - S005\"],\"listen_user_index\":[0],"
            + "\"listen_song_index\":[0],\"listen_plays\":[\"-3\"]}}")), 400);

    assertThat(error.path("error").asString()).isEqualTo("InvalidRequest");
    assertThat(error.path("message").asString())
        .isEqualTo("listening.listen_plays[0] must be positive, was -3");
    assertThat(error.path("field").asString()).isEqualTo("listening.listen_plays[0]");
  }

  @Test
  void shouldSayWhichWeightingItUsedForANameItDoesNotKnow() throws Exception {
    // Requests are read ignoring what this contract does not know (a newer client may call
    // an older function), an enum name included: the answer names the weighting used.
    byte[] answer = invoke(RecommendationFunctionInvokerTest.invokerOf("countCoListening"),
        "{\"weighting\":\"LISTEN_WEIGHTING_SQUARED\"}");

    CoListeningCounts counts = ProtoJson.read(new String(answer, StandardCharsets.UTF_8),
        CoListeningCounts.class);
    assertThat(counts.getWeighting()).isEqualTo(ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS);
  }

  @Test
  void shouldAnswerThePrimingSampleOfEachRound() throws Exception {
    for (String definition : new String[] {"countCoListening", "recommendFromListening"}) {
      AnalyticsFunction<?, ?> stage = AnalyticsFunctions.load().get(definition);
      Message sample = SampleRequests.of(stage.requestType());

      byte[] answer = invoke(RecommendationFunctionInvokerTest.invokerOf(definition),
          ProtoJson.print(sample));

      Message parsed = ProtoJson.read(new String(answer, StandardCharsets.UTF_8),
          stage.responseType());
      assertThat(parsed.getAllFields()).as(definition).isNotEmpty();
    }
  }
}
