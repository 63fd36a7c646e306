package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.function.Function;
import org.musicanalytics.functions.PlayAggregator;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.StreamList;

/**
 * {@code analyzeGenres}: plays per genre, and every genre ranked by plays (ties by name).
 * A record without a genre (older files have no genre column) counts under the empty
 * genre {@code ""}, so no play is dropped.
 */
public final class AnalyzeGenres implements Function<StreamList, GenreAnalysisResponse> {

  @Override
  public GenreAnalysisResponse apply(StreamList request) {
    StageClock clock = StageClock.start();
    return aggregator().addAll(request).genres()
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, over the request's wire form: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public GenreAnalysisResponse applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    PlayAggregator plays = aggregator();
    plays.addEncoded(request);
    return plays.genres().setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static PlayAggregator aggregator() {
    return new PlayAggregator(EnumSet.of(PlayAggregator.Part.GENRES));
  }
}
