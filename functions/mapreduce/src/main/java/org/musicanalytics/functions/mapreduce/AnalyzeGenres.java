package org.musicanalytics.functions.mapreduce;

import java.util.Map;
import java.util.function.Function;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.StreamRecords;
import org.musicanalytics.functions.Summaries;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * {@code analyzeGenres}: plays per genre, and every genre ranked by plays (ties by name).
 * A record without a genre (older files have no genre column) counts under the empty
 * genre {@code ""}, so no play is dropped.
 */
public final class AnalyzeGenres implements Function<StreamList, GenreAnalysisResponse> {

  private static final PlayCountAggregation BY_GENRE =
      new PlayCountAggregation(StreamRecord::getGenre);

  @Override
  public GenreAnalysisResponse apply(StreamList request) {
    StageClock clock = StageClock.start();
    StreamRecords.validate(request);
    Map<String, Long> counts = BY_GENRE.count(request);
    return Summaries.genres(counts)
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }
}
