package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.util.Map;
import org.musicanalytics.proto.GenreAnalysisResponse;

/**
 * GenreAnalysis in the real Lambda Java runtime on the same
 * {@code functions-mapreduce-*-aws.jar} as MapReduce, selected by its own
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION}: a runtime process of its own, as on Lambda.
 */
class GenreAnalysisRuntimeIT extends AbstractLambdaRuntimeIT {

  GenreAnalysisRuntimeIT() {
    super("GenreAnalysis", "analyzeGenres");
  }

  @Override
  protected void assertPlainEventResponse(byte[] response) {
    GenreAnalysisResponse genres = parse(response, GenreAnalysisResponse.newBuilder());
    assertThat(genres.getGenreCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Hip-Hop", 4L, "Alternative", 2L, "Funk", 2L, "Soul", 2L, "Pop", 1L, "Rock", 1L));
    assertThat(genres.getTopGenresList())
        .containsExactly("Hip-Hop", "Alternative", "Funk", "Soul", "Pop", "Rock");
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest(
        "{\"records\":[{\"user_id\":\"U001\",\"duration\":200},{\"user_id\":\"U002\","
            + "\"duration\":-5}]}",
        "records[1].duration must not be negative, was -5");
  }
}
