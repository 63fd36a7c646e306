package org.musicanalytics.functions.userbehavior;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.EnumSet;
import java.util.function.Function;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code analyzeUsers}: per user, the total seconds listened and the most-played artist
 * (ties by artist name ascending, {@link TopArtistRule}), with the plays per artist that let
 * answers for different shards merge; and the top users by total time (ties by user id).
 *
 * <p>Users are listed by user id ascending, so the output does not depend on the order
 * of the input.
 */
public final class AnalyzeUsers implements Function<StreamList, UserStatsList> {

  private static final UserStatsAnswer ANSWER = new UserStatsAnswer();

  @Override
  public UserStatsList apply(StreamList request) {
    StageClock clock = StageClock.start();
    return counter().addAll(request).answer(ANSWER)
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * As {@link #apply(StreamList)}, over the request's wire form: the stage's
   * {@link org.musicanalytics.functions.WireFunction}.
   */
  public UserStatsList applyWire(byte[] request) throws InvalidProtocolBufferException {
    StageClock clock = StageClock.start();
    ShardCounter plays = counter();
    plays.addEncoded(request);
    return plays.answer(ANSWER).setProcessingTime(clock.elapsedSeconds()).build();
  }

  private static ShardCounter counter() {
    return new ShardCounter(EnumSet.of(ShardCounter.Part.USERS));
  }
}
