package org.musicanalytics.functions.userbehavior;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.function.Function;
import org.musicanalytics.functions.PlayAggregator;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code analyzeUsers}: per user, the total seconds listened and the most-played artist
 * (ties by artist name ascending), with the plays per artist that let summaries of
 * different shards merge; and the top users by total time (ties by user id).
 *
 * <p>Users are listed by user id ascending, so the output does not depend on the order
 * of the input.
 */
public final class AnalyzeUsers implements Function<StreamList, UserStatsList> {

  @Override
  public UserStatsList apply(StreamList request) {
    StageClock clock = StageClock.start();
    return aggregator().addAll(request).userStats()
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, over the request's wire form: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public UserStatsList applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    PlayAggregator plays = aggregator();
    plays.addEncoded(request);
    return plays.userStats().setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static PlayAggregator aggregator() {
    return new PlayAggregator(EnumSet.of(PlayAggregator.Part.USERS));
  }
}
