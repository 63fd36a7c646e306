package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.function.Function;
import org.musicanalytics.functions.PlayAggregator;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

/**
 * {@code aggregateStream}: plays per song, keyed {@code "<artist> - <song_id>"}, with each
 * key's artist and song id carried alongside so later stages never parse the key.
 */
public final class AggregateStream implements Function<StreamList, PlayCounts> {

  @Override
  public PlayCounts apply(StreamList request) {
    StageClock clock = StageClock.start();
    return aggregator().addAll(request).playCounts()
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, over the request's wire form: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public PlayCounts applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    PlayAggregator plays = aggregator();
    plays.addEncoded(request);
    return plays.playCounts().setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static PlayAggregator aggregator() {
    return new PlayAggregator(EnumSet.of(PlayAggregator.Part.PLAY_COUNTS));
  }
}
