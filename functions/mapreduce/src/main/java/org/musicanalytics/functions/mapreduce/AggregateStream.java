package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.function.Function;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

/**
 * {@code aggregateStream}: plays per song, keyed {@code "<artist> - <song_id>"}, with each
 * key's artist and song id carried alongside so later stages never parse the key
 * ({@link PlayCountsAnswer}).
 */
public final class AggregateStream implements Function<StreamList, PlayCounts> {

  private static final PlayCountsAnswer ANSWER = new PlayCountsAnswer();

  @Override
  public PlayCounts apply(StreamList request) {
    StageClock clock = StageClock.start();
    return counter().addAll(request).answer(ANSWER)
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, over the request's wire form: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public PlayCounts applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    ShardCounter plays = counter();
    plays.addEncoded(request);
    return plays.answer(ANSWER).setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static ShardCounter counter() {
    return new ShardCounter(EnumSet.of(ShardCounter.Part.PLAY_COUNTS));
  }
}
