package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.aws.ProtobufJsonMessageConverter;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stage adapter on its own, with a small real stage (plays per user): what a plain
 * invoke and an API Gateway event each get back, for a good request and for each kind of
 * bad one. The same paths through a real FunctionInvoker are in the function modules.
 */
class JsonRequestStageTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AtomicInteger calls = new AtomicInteger();

  /** Counts plays per user; rejects an empty user id; fails on user "boom" as a bug would. */
  private final JsonRequestStage<StreamList, PlayCounts> stage = new JsonRequestStage<>(
      new AnalyticsFunction<>("playsPerUser", StreamList.class, PlayCounts.class, request -> {
        calls.incrementAndGet();
        PlayCounts.Builder counts = PlayCounts.newBuilder();
        for (int i = 0; i < request.getRecordsCount(); i++) {
          StreamRecord record = request.getRecords(i);
          if (record.getUserId().isEmpty()) {
            throw new InvalidRequestException("records[" + i + "].user_id", "must not be empty");
          }
          if (record.getUserId().equals("boom")) {
            throw new IllegalStateException("stage bug");
          }
          counts.putPlayCounts(record.getUserId(),
              counts.getPlayCountsOrDefault(record.getUserId(), 0) + 1);
        }
        return counts.build();
      }),
      new ProtobufJsonMessageConverter());

  private static Message<byte[]> plain(String json) {
    return MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static Message<byte[]> apiGateway(String body) {
    String event = JSON.writeValueAsString(JSON.createObjectNode()
        .put("version", "2.0").put("routeKey", "POST /plays").put("isBase64Encoded", false)
        .put("body", body));
    return MessageBuilder.withPayload(event.getBytes(StandardCharsets.UTF_8))
        .setHeader(ProtobufJsonMessageConverter.AWS_API_GATEWAY, true).build();
  }

  private static String text(Message<byte[]> message) {
    return new String(message.getPayload(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldAnswerAPlainInvokeWithTheResponseJsonAlone() {
    Message<byte[]> response = stage.apply(plain(
        "{\"records\":[{\"user_id\":\"U1\"},{\"user_id\":\"U2\"},{\"user_id\":\"U1\"}]}"));

    assertThat(text(response)).isEqualTo("{\"play_counts\":{\"U1\":\"2\",\"U2\":\"1\"}}");
    assertThat(response.getHeaders()).doesNotContainKey(JsonRequestStage.STATUS_CODE);
  }

  @Test
  void shouldFailAPlainInvokeOfABadRequestWithItsException() {
    assertThatThrownBy(() -> stage.apply(plain("{\"records\":[{\"user_id\":\"\"}]}")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[0].user_id must not be empty");
    assertThatThrownBy(() -> stage.apply(plain("{\"records\":{}}")))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("music.StreamList");
  }

  @Test
  void shouldAnswerAnApiGatewayEventWithStatus200AndJson() {
    Message<byte[]> response = stage.apply(apiGateway("{\"records\":[{\"user_id\":\"U1\"}]}"));

    assertThat(response.getHeaders())
        .containsEntry(JsonRequestStage.STATUS_CODE, 200)
        .containsEntry("content-type", "application/json");
    assertThat(text(response)).isEqualTo("{\"play_counts\":{\"U1\":\"1\"}}");
  }

  @Test
  void shouldAnswer400NamingTheFieldTheStageRejects() {
    Message<byte[]> response = stage.apply(apiGateway(
        "{\"records\":[{\"user_id\":\"U1\"},{\"user_id\":\"U2\"},{\"user_id\":\"\"}]}"));

    assertThat(response.getHeaders()).containsEntry(JsonRequestStage.STATUS_CODE, 400)
        .containsEntry("content-type", "application/json");
    JsonNode error = JSON.readTree(response.getPayload());
    assertThat(error.path("error").asString()).isEqualTo("InvalidRequest");
    assertThat(error.path("message").asString()).isEqualTo("records[2].user_id must not be empty");
    assertThat(error.path("field").asString()).isEqualTo("records[2].user_id");
  }

  @Test
  void shouldAnswer400ForABodyThatIsNotTheRequestJson() {
    for (String body : new String[] {"user_id=U1", "{\"records\": [", "[{\"user_id\":\"U1\"}]",
        "{\"records\":[{\"user_id\":\"U1\",\"duration\":\"long\"}]}", "{\"play_counts\":{}}"}) {
      Message<byte[]> response = stage.apply(apiGateway(body));

      assertThat(response.getHeaders()).as(body).containsEntry(JsonRequestStage.STATUS_CODE, 400);
      JsonNode error = JSON.readTree(response.getPayload());
      assertThat(error.path("error").asString()).as(body).isEqualTo("MalformedRequest");
      assertThat(error.path("message").asString()).as(body)
          .startsWith("Request is not the proto3 JSON of music.StreamList: ");
      assertThat(error.has("field")).as(body).isFalse();
    }
    assertThat(calls).hasValue(0);
  }

  /** An API Gateway event of exactly {@code bytes} bytes: one record, its artist padded. */
  private static Message<byte[]> apiGatewayEventOf(int bytes) {
    String template = "{\"records\":[{\"user_id\":\"U1\",\"artist\":\"%s\"}]}";
    int unpadded = apiGateway(template.formatted("")).getPayload().length;
    Message<byte[]> event = apiGateway(template.formatted("x".repeat(bytes - unpadded)));
    assertThat(event.getPayload()).hasSize(bytes);
    return event;
  }

  @Test
  void shouldAnswer413ForAnEventOverTheLambdaLimitWithoutRunningTheStage() {
    Message<byte[]> response = stage.apply(apiGatewayEventOf(JsonRequestStage.MAX_EVENT_BYTES + 1));

    assertThat(response.getHeaders()).containsEntry(JsonRequestStage.STATUS_CODE, 413);
    JsonNode error = JSON.readTree(response.getPayload());
    assertThat(error.path("error").asString()).isEqualTo("RequestTooLarge");
    assertThat(error.path("message").asString())
        .startsWith("The request event is 6291457 bytes; Lambda takes at most 6291456 bytes");
    assertThat(calls).hasValue(0);
  }

  @Test
  void shouldAnswerAnEventOfExactlyTheLimit() {
    Message<byte[]> response = stage.apply(apiGatewayEventOf(JsonRequestStage.MAX_EVENT_BYTES));

    assertThat(response.getHeaders()).containsEntry(JsonRequestStage.STATUS_CODE, 200);
    assertThat(text(response)).isEqualTo("{\"play_counts\":{\"U1\":\"1\"}}");
  }

  @Test
  void shouldLeaveAFaultOfTheStageToLambdaRatherThanBlameTheCaller() {
    assertThatThrownBy(() -> stage.apply(apiGateway("{\"records\":[{\"user_id\":\"boom\"}]}")))
        .isInstanceOf(FunctionFailedException.class)
        .hasMessage("Internal error in stage playsPerUser; the function's log has the details");
  }

  @Test
  void shouldGiveTheCallerOfAFaultNoStackTraceButTheStageAndRequestId() {
    Message<byte[]> invoke = MessageBuilder
        .fromMessage(plain("{\"records\":[{\"user_id\":\"boom\"}]}"))
        .setHeader(JsonRequestStage.AWS_CONTEXT, new LocalContext("MapReduce")).build();
    String requestId = ((LocalContext) invoke.getHeaders().get(JsonRequestStage.AWS_CONTEXT))
        .getAwsRequestId();

    Throwable thrown = catchThrowable(() -> stage.apply(invoke));

    // Lambda's function error carries the exception's type, message and stack trace.
    assertThat(thrown).isInstanceOf(FunctionFailedException.class)
        .hasMessage("Internal error in stage playsPerUser, request " + requestId
            + "; the function's log has the details")
        .hasNoCause();
    assertThat(thrown.getStackTrace()).isEmpty();
    assertThat(thrown.getSuppressed()).isEmpty();
    assertThat(thrown.getMessage()).doesNotContain("stage bug");
  }
}
