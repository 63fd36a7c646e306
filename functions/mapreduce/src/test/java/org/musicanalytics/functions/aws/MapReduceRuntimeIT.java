package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Invocation;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Outcome;
import org.musicanalytics.proto.PlayCounts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MapReduce in the real Lambda Java runtime on the built {@code functions-mapreduce-*-aws.jar}.
 * Expected counts are those of the event's 12 plays, counted by hand in
 * MapReduceFunctionInvokerTest.
 */
class MapReduceRuntimeIT extends AbstractLambdaRuntimeIT {

  MapReduceRuntimeIT() {
    super("MapReduce", "aggregateStream");
  }

  @Override
  protected void assertPlainEventResponse(byte[] response) {
    PlayCounts counts = parse(response, PlayCounts.newBuilder());
    assertThat(counts.getPlayCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Billie Eilish - S007", 2L,
        "Drake - S006", 2L,
        "Taylor Swift - S004", 1L,
        "Adele - S005", 2L,
        "Bruno Mars - S008", 2L,
        "Drake - S010", 2L,
        "Imagine Dragons - S002", 1L));
    assertThat(counts.getSongsMap()).hasSize(7);
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
        .contains("\"long\"");
  }
}
