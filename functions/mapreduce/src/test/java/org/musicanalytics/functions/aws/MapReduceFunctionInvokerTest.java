package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayBody;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayError;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.httpEvent;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.moduleEventFiles;

import java.nio.charset.StandardCharsets;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The map-reduce jar's two functions through a real {@link FunctionInvoker}, as Spring
 * Cloud Function's own FunctionInvokerTests drive it: every event file of theirs in
 * {@code events/} (plain invoke and API Gateway HTTP API), and bad requests by both paths.
 * Expected values: {@link MapReduceSampleResponses}.
 */
class MapReduceFunctionInvokerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Map<String, FunctionInvoker> invokers;

  @BeforeAll
  static void startInvokers() {
    invokers = Map.of(
        "aggregateStream", invoker("aggregateStream"),
        "analyzeGenres", invoker("analyzeGenres"),
        "analyzeShard", invoker("analyzeShard"));
  }

  /** Every event file of this module's functions, whatever files events/ holds. */
  @TestFactory
  Stream<DynamicTest> shouldAnswerEveryEventFile() {
    List<EventFile> files = moduleEventFiles();
    assertThat(files).extracting(EventFile::name).contains(
        "aggregateStream.json", "aggregateStream-http.json",
        "analyzeGenres.json", "analyzeGenres-http.json");
    return files.stream().map(file -> dynamicTest(file.name(), () -> {
      byte[] response = invoke(invokers.get(file.definition()), file.bytes());

      byte[] json = file.http() ? apiGatewayBody(response, 200) : response;
      MapReduceSampleResponses.BY_DEFINITION.get(file.definition()).accept(json);
    }));
  }

  @Test
  void shouldPrintCountsAsProto3JsonInt64Strings() {
    JsonNode response = JSON.readTree(invoke(invokers.get("aggregateStream"),
        event("aggregateStream")));

    assertThat(response.path("play_counts").path("Adele - S005").isString()).isTrue();
    assertThat(response.path("play_counts").path("Adele - S005").asString()).isEqualTo("2");
  }

  @Test
  void shouldFailAWrongTypeWithTheMessageTypeAndTheProblem() {
    assertThatThrownBy(() -> invoke(invokers.get("aggregateStream"),
        "{\"records\":[{\"user_id\":\"U001\",\"song_id\":\"S1\",\"duration\":\"long\"}]}"))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("Request is not the proto3 JSON of music.StreamList")
        .hasMessageContaining("Not an int32 value: \"long\"");
  }

  @Test
  void shouldFailMalformedJsonRatherThanRunOnAnEmptyRequest() {
    assertThatThrownBy(() -> invoke(invokers.get("analyzeGenres"),
        "{\"records\": [{\"user_id\": \"U001\""))
        // The adapter reads the event with the JSON mapper it is given (Gson here) first.
        .hasMessageContaining("End of input at line 1 column 32");
  }

  @Test
  void shouldPassTheStageErrorNamingTheRecord() {
    assertThatThrownBy(() -> invoke(invokers.get("aggregateStream"),
        "{\"records\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[1].user_id must not be empty");
  }

  @Test
  void shouldAnswer400NamingTheRecordTheStageRejects() {
    String body = "{\"records\":[{\"user_id\":\"U1\"},{\"user_id\":\"U2\"},"
        + "{\"user_id\":\"U3\"},{\"user_id\":\"\",\"song_id\":\"S1\"}]}";

    JsonNode error = apiGatewayError(
        invoke(invokers.get("aggregateStream"), httpEvent("aggregateStream", body)), 400);

    assertThat(error.path("error").asString()).isEqualTo("InvalidRequest");
    assertThat(error.path("message").asString()).isEqualTo("records[3].user_id must not be empty");
    assertThat(error.path("field").asString()).isEqualTo("records[3].user_id");
  }

  @Test
  void shouldAnswer400ForABodyThatIsNotJson() {
    JsonNode error = apiGatewayError(invoke(invokers.get("analyzeGenres"),
        httpEvent("analyzeGenres", "user_id,song_id\nU1,S1\n")), 400);

    assertThat(error.path("error").asString()).isEqualTo("MalformedRequest");
    assertThat(error.path("message").asString())
        .startsWith("Request is not the proto3 JSON of music.StreamList: ");
  }

  @Test
  void shouldAnswer400ForAWronglyTypedField() {
    JsonNode error = apiGatewayError(invoke(invokers.get("aggregateStream"), httpEvent(
        "aggregateStream", "{\"records\":[{\"user_id\":\"U1\",\"duration\":\"long\"}]}")), 400);

    assertThat(error.path("error").asString()).isEqualTo("MalformedRequest");
    assertThat(error.path("message").asString()).isEqualTo(
        "Request is not the proto3 JSON of music.StreamList: Not an int32 value: \"long\"");
  }

  @Test
  void shouldAnswer400ForTheRequestOfAnotherFunction() {
    String recommendRequest = new String(event("recommend"), StandardCharsets.UTF_8);

    JsonNode error = apiGatewayError(invoke(invokers.get("aggregateStream"),
        httpEvent("aggregateStream", recommendRequest)), 400);

    assertThat(error.path("error").asString()).isEqualTo("MalformedRequest");
    assertThat(error.path("message").asString()).isEqualTo("Request is not the proto3 JSON of "
        + "music.StreamList: it has none of its fields (records, with_listening) but "
        + "play_counts, user_stats");
  }

  @Test
  void shouldAnswer400ForABase64BodyThatIsNotBase64() {
    String event = httpEvent("analyzeGenres", "{not base64}")
        .replace("\"isBase64Encoded\":false", "\"isBase64Encoded\":true");

    JsonNode error = apiGatewayError(invoke(invokers.get("analyzeGenres"), event), 400);

    assertThat(error.path("message").asString()).contains("isBase64Encoded but is not base64");
  }

  @Test
  void shouldAnswer413ForAnEventOverTheLambdaPayloadLimit() {
    StringBuilder body = new StringBuilder("{\"records\":[");
    String record = "{\"user_id\":\"U1\",\"song_id\":\"S1\",\"artist\":\"" + "A".repeat(200)
        + "\",\"duration\":200},";
    while (body.length() < 6_400_000) {
      body.append(record);
    }
    body.setLength(body.length() - 1);
    body.append("]}");

    JsonNode error = apiGatewayError(invoke(invokers.get("aggregateStream"),
        httpEvent("aggregateStream", body.toString())), 413);

    assertThat(error.path("error").asString()).isEqualTo("RequestTooLarge");
    assertThat(error.path("message").asString())
        .contains("Lambda takes at most 6291456 bytes per synchronous invocation");
  }
}
