package org.musicanalytics.functions.mapreduce;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

/** The map-reduce module's stages: song play counts and genre counts. */
public final class MapReduceFunctions implements AnalyticsFunctionProvider {

  @Override
  public List<AnalyticsFunction<?, ?>> functions() {
    return List.of(
        new AnalyticsFunction<>("aggregateStream", StreamList.class, PlayCounts.class,
            new AggregateStream()),
        new AnalyticsFunction<>("analyzeGenres", StreamList.class, GenreAnalysisResponse.class,
            new AnalyzeGenres()));
  }
}
