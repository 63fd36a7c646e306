package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.Message;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.musicanalytics.client.pipeline.PayloadFormat;
import org.musicanalytics.functions.recommendation.learned.RecommendFromListening;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.UserRecommendations;

/**
 * Upper bounds of the learned rounds' messages in one {@link PayloadFormat}, so that the
 * client cuts requests before a request or an answer outgrows the budget.
 *
 * <p>What one element of a repeated field adds is measured on the format itself, as a
 * message with two elements less the same with one, each element at the largest value it
 * can take; a message's fixed fields are measured at their largest too.
 */
public final class LearnedPayloads {

  /**
   * What a message's field names, nested lengths and packed lengths can add beyond the
   * elements counted one by one.
   */
  public static final long SLACK_BYTES = 512;

  /** A similarity or score with as long a printed form as a double has. */
  private static final double LONGEST_DOUBLE = -1.2345678901234567E-100;

  private final PayloadFormat format;

  public LearnedPayloads(PayloadFormat format) {
    this.format = format;
  }

  /** The format's size of {@code message}. */
  public long bytes(Message message) {
    return format.messageBytes(message);
  }

  /** The size of a string as a list element (a song key, a user id; at most). */
  public long keyBytes(String key) {
    return format.keyBytes(key);
  }

  /** Round 2's answer without songs or pairs, every fixed field at its largest. */
  public long coListeningEnvelope(long users) {
    return SLACK_BYTES + bytes(CoListeningCounts.newBuilder().setUsersCapped(users)
        .setProcessingTime(LONGEST_DOUBLE).setWeighting(ListenWeighting.LISTEN_WEIGHTING_BINARY)
        .setHistoryCap(-1).setSongBucket(-1).setSongBuckets(-1).build());
  }

  /**
   * What one pair adds to round 2's answer, its indexes below {@code songs} and its sum at
   * most {@code maxSum}.
   */
  public long pairBytes(int songs, long maxSum) {
    int index = Math.max(0, songs - 1);
    return added(CoListeningCounts::newBuilder,
        counts -> counts.addPairFirst(index).addPairSecond(index).addPairSums(maxSum));
  }

  /**
   * What one song adds to round 2's answer besides its key, its sums at most
   * {@code maxSum} and {@code users}.
   */
  public long songSumsBytes(long maxSum, long users) {
    return added(CoListeningCounts::newBuilder,
        counts -> counts.addSongSquareSums(maxSum).addSongUsers(users));
  }

  /**
   * What one play entry adds to a {@code ListeningPartition} of fewer than {@code users}
   * users and {@code songs} songs, with at most {@code maxPlays} plays.
   */
  public long listenBytes(int users, int songs, long maxPlays) {
    return added(ListeningPartition::newBuilder,
        p -> p.addListenUserIndex(Math.max(0, users - 1))
            .addListenSongIndex(Math.max(0, songs - 1)).addListenPlays(maxPlays));
  }

  /** What one neighbour entry adds to a {@code SongNeighbours} of {@code songs} songs. */
  public long neighbourBytes(int songs) {
    int index = Math.max(0, songs - 1);
    return added(SongNeighbours::newBuilder,
        n -> n.addSongIndex(index).addNeighbourIndex(index).addSimilarity(LONGEST_DOUBLE));
  }

  /** What {@code element} adds to a message that has one already: two less one. */
  private <B extends Message.Builder> long added(Supplier<B> empty, Consumer<B> element) {
    B one = empty.get();
    element.accept(one);
    B two = empty.get();
    element.accept(two);
    element.accept(two);
    return bytes(two.build()) - bytes(one.build());
  }

  /**
   * What one user can add to round 3's answer besides their id: {@code topN} songs, each
   * and its {@code because} with a key of {@code longestKey}, and the longer source.
   */
  public long userAnswerBytes(int topN, String longestKey) {
    UserRecommendations.Builder user = UserRecommendations.newBuilder()
        .setSource(RecommendFromListening.RECENT_POPULARITY.length()
            >= RecommendFromListening.ITEM_KNN.length() ? RecommendFromListening.RECENT_POPULARITY
            : RecommendFromListening.ITEM_KNN);
    for (int i = 0; i < topN; i++) {
      user.addSongs(ScoredSong.newBuilder().setKey(longestKey).setScore(LONGEST_DOUBLE)
          .setBecause(longestKey));
    }
    return added(LearnedRecommendations::newBuilder, answer -> answer.addUsers(user));
  }

  /** Round 3's answer without users. */
  public long scoringEnvelope() {
    return SLACK_BYTES + bytes(LearnedRecommendations.newBuilder()
        .setProcessingTime(LONGEST_DOUBLE).build());
  }
}
