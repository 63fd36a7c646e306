package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.function.Function;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;

/**
 * {@code analyzeShard}: what {@code aggregateStream}, {@code analyzeUsers} and
 * {@code analyzeGenres} count for one shard of plays, from one pass over it, as a compact
 * {@code ShardCounts}: each distinct string once and the counts by index.
 *
 * <p>A {@link org.musicanalytics.counting.MergedCounts} merges the counts of any number of
 * shards, and the three stages' answers made from it are exactly their answers for all
 * those plays; the message's {@code processing_time} is the whole pass. A request with
 * {@code with_listening} also gets the shard's listening (fields 20-25), for the learned
 * recommender; without it the answer is as it always was.
 */
public final class AnalyzeShard implements Function<StreamList, ShardCounts> {

  @Override
  public ShardCounts apply(StreamList request) {
    StageClock clock = StageClock.start();
    return ShardCounter.ofAll().withListeningOnRequest().addAll(request).shardCounts()
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
    ShardCounter plays = ShardCounter.ofAll().withListeningOnRequest();
    plays.addEncoded(request);
    return plays.encodeShardCounts(clock);
  }
}
