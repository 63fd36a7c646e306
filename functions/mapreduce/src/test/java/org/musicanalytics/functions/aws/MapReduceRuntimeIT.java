package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Invocation;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MapReduce in the real Lambda Java runtime on the built
 * {@code functions-mapreduce-*-aws.jar}.
 */
class MapReduceRuntimeIT extends AbstractLambdaRuntimeIT {

  MapReduceRuntimeIT() {
    super("MapReduce", "aggregateStream", MapReduceSampleResponses.BY_DEFINITION);
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest("{\"records\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}",
        "records[1].user_id must not be empty");
  }

  @Test
  void shouldReportAWronglyTypedFieldToTheErrorEndpointNamingIt() throws Exception {
    Invocation failed = runtime().invoke(("{\"records\":[{\"user_id\":\"U001\","
        + "\"song_id\":\"S1\",\"duration\":\"long\"}]}").getBytes(StandardCharsets.UTF_8));

    assertThat(failed.outcome()).as(failed.bodyText()).isEqualTo(Outcome.FUNCTION_ERROR);
    assertThat(failed.errorType()).isEqualTo("Runtime.UserException");
    JsonNode error = JsonMapper.builder().build().readTree(failed.body());
    assertThat(error.path("errorMessage").asString())
        .contains("music.StreamList")
        .contains("Not an int32 value: \"long\"");
  }
}
