package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.aws.internal.JsonRequestStage;
import org.musicanalytics.functions.mapreduce.MapReduceFunctions;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Hostile proto3 JSON against this module's stages ({@link JsonFuzzTests}), and JSON
 * nested too deep to read.
 */
class MapReduceJsonFuzzTest extends JsonFuzzTests {

  private static final List<AnalyticsFunction<?, ?>> STAGES = new MapReduceFunctions().functions();

  @Override
  protected List<AnalyticsFunction<?, ?>> stages() {
    return STAGES;
  }

  @Override
  protected List<String> lambdaFunctions() {
    return List.of("aggregateStream", "analyzeGenres");
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
