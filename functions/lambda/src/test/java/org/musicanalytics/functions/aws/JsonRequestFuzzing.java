package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonSyntaxException;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.musicanalytics.counting.FuzzInputs;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.aws.internal.JsonRequestStage;
import org.musicanalytics.functions.aws.internal.ProtoJson;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixture: fuzzes a stage's Lambda request decoding with seeded hostile proto3 JSON,
 * through the stage adapter as a plain invoke and as an API Gateway event, and optionally
 * through a real {@link FunctionInvoker}.
 *
 * <p>The reference is the plain path, {@link ProtoJson#read} then the pure function: a
 * plain invoke must give its answer or fail with a {@link MessageConversionException} or
 * the same {@link InvalidRequestException}; an API Gateway event must give 200 with that
 * answer or a 400 saying what. Nothing else, and no hang. Used by each function module's
 * {@code *JsonFuzzTest}.
 */
public final class JsonRequestFuzzing {

  /** What text mutations of proto3 JSON splice in. */
  private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "null", "true",
      "1e400", "-1", "9223372036854775808", "-2147483649", "\"\\u0000\"", "\"\\ud800\"",
      "\"records\"", "\"user_id\"", "\"duration\"", "\"play_counts\"", "\"ranking\"", "\\",
      "NaN", "\"1.5\"", " ", "{\"records\":[{}]}", "\u0000", "\uFEFF"};

  private static final Duration SEED_LIMIT = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonRequestFuzzing() {}

  /** Runs {@code cases} hostile requests per seed through every stage's adapter. */
  public static void fuzzStages(List<AnalyticsFunction<?, ?>> stages, long[] seeds, int cases) {
    ProtobufJsonMessageConverter converter = new ProtobufJsonMessageConverter();
    int[] kinds = new int[3];
    for (long seed : seeds) {
      assertTimeoutPreemptively(SEED_LIMIT, () -> {
        Random random = new Random(seed);
        for (int trial = 0; trial < cases; trial++) {
          for (AnalyticsFunction<?, ?> stage : stages) {
            String json = hostileJson(random, stage);
            String what = describe(seed, trial, stage, json);
            Expected expected = Expected.of(stage, json, what);
            kinds[expected.kind()]++;
            checkPlain(adapter(stage, converter), false, expected, json, what);
            checkApiGateway(apiGatewayAdapter(stage, converter), expected, json, what);
          }
        }
      }, () -> "seed " + seed + " hung");
    }
    // Not a degenerate fuzz: answers, rejections and unreadable requests all occurred.
    assertThat(kinds).as("answers, rejections, unreadable").doesNotContain(0);
  }

  /**
   * Runs {@code cases} hostile requests per seed through a real {@link FunctionInvoker} of
   * {@code stage}'s definition, each as a plain invoke and as an HTTP API event.
   */
  public static void fuzzInvoker(FunctionInvoker invoker, AnalyticsFunction<?, ?> stage,
      long[] seeds, int cases) {
    for (long seed : seeds) {
      assertTimeoutPreemptively(SEED_LIMIT, () -> {
        Random random = new Random(seed);
        for (int trial = 0; trial < cases; trial++) {
          String json = hostileJson(random, stage);
          String what = describe(seed, trial, stage, json);
          Expected expected = Expected.of(stage, json, what);
          checkPlain(event -> LambdaTestSupport.invoke(invoker, event), true, expected, json,
              what);
          checkApiGateway(body -> LambdaTestSupport.invoke(invoker,
              LambdaTestSupport.httpEvent(stage.name(), body)), expected, json, what);
        }
      }, () -> "seed " + seed + " hung");
    }
  }

  /** A case for a failure message: seed, case, stage and the start of the request. */
  private static String describe(long seed, int trial, AnalyticsFunction<?, ?> stage,
      String json) {
    return "seed " + seed + " case " + trial + " " + stage.name() + ": "
        + (json.length() > 300 ? json.substring(0, 300) + "... (" + json.length() + " chars)"
            : json);
  }

  /** One kind of hostile JSON request for the stage. */
  private static String hostileJson(Random random, AnalyticsFunction<?, ?> stage) {
    Message prototype = ProtoJson.defaultInstance(stage.requestType());
    Message message = FuzzInputs.randomMessage(random, prototype, 5, 3);
    String valid = ProtoJson.print(message);
    return switch (random.nextInt(5)) {
      case 0 -> valid;
      case 1 -> new String(FuzzInputs.randomBytes(random, 40), StandardCharsets.UTF_8);
      default -> FuzzInputs.mutateText(random, valid, TOKENS);
    };
  }

  /** What the plain path gives: an answer, a rejection, or a request that is not readable. */
  private record Expected(Message request, Message answer, InvalidRequestException invalid) {

    int kind() {
      return answer != null ? 0 : invalid != null ? 1 : 2;
    }

    static Expected of(AnalyticsFunction<?, ?> stage, String json, String what) {
      Message request;
      try {
        request = ProtoJson.read(json, stage.requestType().asSubclass(Message.class));
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        return new Expected(null, null, null);
      }
      try {
        return new Expected(request, FuzzInputs.untimed(stage.applyUnchecked(request)), null);
      } catch (InvalidRequestException e) {
        assertThat(e.getMessage()).as(what).startsWith(e.field() + " ");
        return new Expected(request, null, e);
      } catch (RuntimeException e) {
        throw new AssertionError(what + ": the stage failed on a request JsonFormat reads: "
            + e, e);
      }
    }
  }

  private static Function<byte[], byte[]> adapter(AnalyticsFunction<?, ?> stage,
      ProtobufJsonMessageConverter converter) {
    JsonRequestStage<?, ?> adapter = stage(stage, converter);
    return event -> adapter.apply(MessageBuilder.withPayload(event).build()).getPayload();
  }

  /** The adapter given an HTTP API event of the body, its answer as the proxy response. */
  private static Function<String, byte[]> apiGatewayAdapter(AnalyticsFunction<?, ?> stage,
      ProtobufJsonMessageConverter converter) {
    JsonRequestStage<?, ?> adapter = stage(stage, converter);
    return body -> {
      byte[] event = JSON.writeValueAsBytes(JSON.createObjectNode().put("version", "2.0")
          .put("routeKey", "POST /" + stage.name()).put("isBase64Encoded", false)
          .put("body", body));
      org.springframework.messaging.Message<byte[]> response = adapter.apply(
          MessageBuilder.withPayload(event)
              .setHeader(ProtobufJsonMessageConverter.AWS_API_GATEWAY, true).build());
      // As the AWS adapter wraps it: the status from the header, the payload as the body.
      return JSON.writeValueAsBytes(JSON.createObjectNode()
          .put("statusCode", (Integer) response.getHeaders().get("statusCode"))
          .put("body", new String(response.getPayload(), StandardCharsets.UTF_8)));
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static JsonRequestStage<?, ?> stage(AnalyticsFunction<?, ?> stage,
      ProtobufJsonMessageConverter converter) {
    return new JsonRequestStage(stage, converter);
  }

  /**
   * A plain invoke. Through {@code FunctionInvoker}, an event that is not JSON at all fails
   * in Spring Cloud Function before the stage, in its JSON mapper (Gson, which the function
   * jars prefer: a {@code JsonSyntaxException}); Lambda itself refuses such a payload
   * before any function runs.
   */
  private static void checkPlain(Function<byte[], byte[]> invoke, boolean invoker,
      Expected expected, String json, String what) {
    byte[] response;
    try {
      response = invoke.apply(json.getBytes(StandardCharsets.UTF_8));
    } catch (JsonSyntaxException e) {
      if (!invoker || isJson(json)) {
        throw new AssertionError(what + ": plain invoke failed with " + e, e);
      }
      return;
    } catch (MessageConversionException e) {
      assertThat(expected.request() == null || isEmpty(expected.request()))
          .as(what + ": refused a request JsonFormat reads: " + e.getMessage()).isTrue();
      assertThat(e.getMessage()).as(what).startsWith("Request is not the proto3 JSON of music.");
      return;
    } catch (InvalidRequestException e) {
      assertThat(expected.invalid()).as(what + ": rejected " + e.getMessage()).isNotNull();
      assertThat(e.getMessage()).as(what).isEqualTo(expected.invalid().getMessage());
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": plain invoke failed with " + e, e);
    }
    assertAnswer(response, expected, what);
  }

  private static void checkApiGateway(Function<String, byte[]> invoke, Expected expected,
      String json, String what) {
    byte[] response;
    try {
      response = invoke.apply(json);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": API Gateway event failed with " + e, e);
    }
    JsonNode proxy = JSON.readTree(response);
    int status = proxy.path("statusCode").asInt();
    if (status == 200) {
      assertAnswer(proxy.path("body").asString().getBytes(StandardCharsets.UTF_8), expected,
          what);
      return;
    }
    assertThat(status).as(what + ": " + proxy).isEqualTo(400);
    JsonNode error = JSON.readTree(proxy.path("body").asString());
    assertThat(error.path("message").asString()).as(what).isNotBlank();
    if (expected.invalid() != null) {
      assertThat(error.path("error").asString()).as(what).isEqualTo("InvalidRequest");
      assertThat(error.path("field").asString()).as(what)
          .isEqualTo(expected.invalid().field());
      assertThat(error.path("message").asString()).as(what)
          .isEqualTo(expected.invalid().getMessage());
    } else {
      assertThat(expected.request() == null || isEmpty(expected.request()))
          .as(what + ": refused a request JsonFormat reads: " + error).isTrue();
      assertThat(error.path("error").asString()).as(what).isEqualTo("MalformedRequest");
    }
  }

  private static void assertAnswer(byte[] response, Expected expected, String what) {
    assertThat(expected.answer()).as(what + ": answered what the plain path "
        + (expected.invalid() != null ? "rejects" : "cannot read")).isNotNull();
    Message answer;
    try {
      answer = ProtoJson.read(new String(response, StandardCharsets.UTF_8),
          expected.answer().getClass().asSubclass(Message.class));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(what + ": the answer is not proto3 JSON", e);
    }
    assertThat(FuzzInputs.untimed(answer)).as(what).isEqualTo(expected.answer());
  }

  private static boolean isJson(String text) {
    try {
      JSON.readTree(text);
      return true;
    } catch (tools.jackson.core.JacksonException e) {
      return false;
    }
  }

  private static boolean isEmpty(Message request) {
    return request.equals(request.getDefaultInstanceForType());
  }
}
