package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.function.Function;
import org.musicanalytics.functions.PlayAggregator;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardSummary;
import org.musicanalytics.proto.StreamList;

/**
 * {@code analyzeShard}: the answers of {@code aggregateStream}, {@code analyzeUsers} and
 * {@code analyzeGenres} for one shard of plays, from one pass over it.
 *
 * <p>The three answers are those stages' answers but for their {@code processing_time},
 * which is 0: the pass is not split by stage; the summary's own {@code processing_time}
 * is the whole pass.
 */
public final class AnalyzeShard implements Function<StreamList, ShardSummary> {

  @Override
  public ShardSummary apply(StreamList request) {
    StageClock clock = StageClock.start();
    return summary(PlayAggregator.ofAll().addAll(request), clock);
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

  private static ShardSummary summary(PlayAggregator plays, StageClock clock) {
    return ShardSummary.newBuilder()
        .setPlayCounts(plays.playCounts())
        .setUserStats(plays.userStats())
        .setGenres(plays.genres())
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }
}
