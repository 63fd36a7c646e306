package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.FuzzInputs;
import org.musicanalytics.functions.mapreduce.MapReduceFunctions;
import org.musicanalytics.functions.aws.internal.JsonRequestStage;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Fuzzes the Lambda request decoding of this module's stages with seeded hostile proto3
 * JSON ({@link JsonRequestFuzzing}): through the stage adapter as a plain invoke and as an
 * API Gateway event, and through a real {@link FunctionInvoker} per Lambda function. The
 * seeds are fixed ({@link #SEEDS}); the cases per seed are bounded and can be raised with
 * the system property {@value FuzzInputs#CASES_PROPERTY}
 * ({@code -Dtest=MapReduceJsonFuzzTest -Dfuzz.cases=5000}).
 */
class MapReduceJsonFuzzTest {

  private static final long[] SEEDS = {3L, 20261127L};

  /** The stages this module deploys as Lambda functions (template.yaml). */
  private static final List<String> LAMBDA_FUNCTIONS = List.of("aggregateStream", "analyzeGenres");

  private static final List<AnalyticsFunction<?, ?>> STAGES = new MapReduceFunctions().functions();

  @Test
  void shouldDecodeHostileJsonAsTheGeneratedParserInEveryStage() {
    JsonRequestFuzzing.fuzzStages(STAGES, SEEDS, FuzzInputs.cases(200));
  }

  @Test
  void shouldAnswerHostileEventsThroughARealFunctionInvoker() {
    for (AnalyticsFunction<?, ?> stage : STAGES) {
      if (LAMBDA_FUNCTIONS.contains(stage.name())) {
        FunctionInvoker invoker = LambdaTestSupport.invoker(stage.name());
        JsonRequestFuzzing.fuzzInvoker(invoker, stage, SEEDS,
            Math.max(1, FuzzInputs.cases(200) / 15));
      }
    }
  }

  /** JSON nested 100,000 deep: refused as not the request's JSON, not a stack overflow. */
  @Test
  void shouldRefuseDeeplyNestedJsonAsMalformed() {
    String json = "{\"records\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    JsonRequestStage<?, ?> stage = stage(STAGES.get(0));

    assertThatThrownBy(() -> stage.apply(MessageBuilder.withPayload(
        json.getBytes(StandardCharsets.UTF_8)).build()))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageStartingWith("Request is not the proto3 JSON of music.StreamList");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static JsonRequestStage<?, ?> stage(AnalyticsFunction<?, ?> function) {
    return new JsonRequestStage(function, new ProtobufJsonMessageConverter());
  }
}
