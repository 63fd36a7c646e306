package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.function.Function;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.StreamList;

/**
 * {@code analyzeGenres}: plays per genre, and every genre ranked by plays (ties by name)
 * ({@link GenreAnswer}). A record without a genre (older files have no genre column)
 * counts under the empty genre {@code ""}, so no play is dropped.
 */
public final class AnalyzeGenres implements Function<StreamList, GenreAnalysisResponse> {

  private static final GenreAnswer ANSWER = new GenreAnswer();

  @Override
  public GenreAnalysisResponse apply(StreamList request) {
    StageClock clock = StageClock.start();
    return counter().addAll(request).answer(ANSWER)
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, over the request's wire form: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public GenreAnalysisResponse applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    ShardCounter plays = counter();
    plays.addEncoded(request);
    return plays.answer(ANSWER).setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static ShardCounter counter() {
    return new ShardCounter(EnumSet.of(ShardCounter.Part.GENRES));
  }
}
