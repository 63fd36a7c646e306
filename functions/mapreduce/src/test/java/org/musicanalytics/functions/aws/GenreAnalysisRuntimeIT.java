package org.musicanalytics.functions.aws;

/**
 * GenreAnalysis in the real Lambda Java runtime on the same
 * {@code functions-mapreduce-*-aws.jar} as MapReduce, selected by its own
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION}: a runtime process of its own, as on Lambda.
 */
class GenreAnalysisRuntimeIT extends AbstractLambdaRuntimeIT {

  GenreAnalysisRuntimeIT() {
    super("GenreAnalysis", "analyzeGenres", MapReduceSampleResponses.BY_DEFINITION);
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest(
        "{\"records\":[{\"user_id\":\"U001\",\"duration\":200},{\"user_id\":\"U002\","
            + "\"duration\":-5}]}",
        "records[1].duration must not be negative, was -5");
  }
}
