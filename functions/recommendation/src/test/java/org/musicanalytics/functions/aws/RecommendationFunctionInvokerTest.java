package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayBody;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayError;
import static org.musicanalytics.functions.aws.LambdaTestSupport.httpEvent;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.moduleEventFiles;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.aws.LambdaTestSupport.EventFile;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import tools.jackson.databind.JsonNode;

/**
 * The module's functions through a real {@link FunctionInvoker}: every event file of them in
 * {@code events/} (plain invoke and API Gateway HTTP API), and bad requests by both paths.
 * Expected values: {@link RecommendationSampleResponses}.
 */
class RecommendationFunctionInvokerTest {

  private static FunctionInvoker recommend;
  private static final Map<String, FunctionInvoker> INVOKERS = new HashMap<>();

  @BeforeAll
  static void startInvoker() {
    recommend = invoker("recommend");
    INVOKERS.put("recommend", recommend);
  }

  /** The invoker of a function definition, started once. */
  static FunctionInvoker invokerOf(String definition) {
    return INVOKERS.computeIfAbsent(definition, LambdaTestSupport::invoker);
  }

  /** Every event file of this module's function, whatever files events/ holds. */
  @TestFactory
  Stream<DynamicTest> shouldAnswerEveryEventFile() {
    List<EventFile> files = moduleEventFiles();
    assertThat(files).extracting(EventFile::name)
        .contains("recommend.json", "recommend-http.json", "countCoListening.json",
            "countCoListening-http.json", "recommendFromListening.json",
            "recommendFromListening-http.json");
    return files.stream().map(file -> dynamicTest(file.name(), () -> {
      byte[] response = invoke(invokerOf(file.definition()), file.bytes());

      byte[] json = file.http() ? apiGatewayBody(response, 200) : response;
      RecommendationSampleResponses.BY_DEFINITION.get(file.definition()).accept(json);
    }));
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

  @Test
  void shouldAnswer400ForARepeatedUserNamingIt() {
    JsonNode error = apiGatewayError(invoke(recommend, httpEvent("recommend",
        "{\"user_stats\":{\"user_stats\":[{\"user_id\":\"U001\"},{\"user_id\":\"U001\"}]}}")),
        400);

    assertThat(error.path("error").asString()).isEqualTo("InvalidRequest");
    assertThat(error.path("message").asString())
        .isEqualTo("user_stats.user_stats[1].user_id repeats user 'U001'");
    assertThat(error.path("field").asString()).isEqualTo("user_stats.user_stats[1].user_id");
  }

  @Test
  void shouldAnswer400ForAPlayCountThatIsNotANumber() {
    JsonNode error = apiGatewayError(invoke(recommend, httpEvent("recommend",
        "{\"play_counts\":{\"play_counts\":{\"Adele - S005\":\"two\"}}}")), 400);

    assertThat(error.path("error").asString()).isEqualTo("MalformedRequest");
    assertThat(error.path("message").asString())
        .startsWith("Request is not the proto3 JSON of music.RecommendationRequest: ")
        .contains("two");
  }
}
