package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.function.Function;
import org.musicanalytics.functions.PlayAggregator;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardSummary;
import org.musicanalytics.proto.StreamList;

/**
 * {@code analyzeShard}: what {@code aggregateStream}, {@code analyzeUsers} and
 * {@code analyzeGenres} count for one shard of plays, from one pass over it, as a compact
 * {@code ShardSummary}: each distinct string once and the counts by index.
 *
 * <p>A {@link org.musicanalytics.functions.SummaryAccumulator} finalises summaries, of any
 * number of shards, into exactly the three stages' answers for all their plays; the
 * summary's {@code processing_time} is the whole pass.
 */
public final class AnalyzeShard implements Function<StreamList, ShardSummary> {

  @Override
  public ShardSummary apply(StreamList request) {
    StageClock clock = StageClock.start();
    return PlayAggregator.ofAll().addAll(request).shardSummary()
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, from the request's wire form to the answer's, which is
   * encoded straight from the counts: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public byte[] applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    PlayAggregator plays = PlayAggregator.ofAll();
    plays.addEncoded(request);
    return plays.encodeShardSummary(clock);
  }
}
