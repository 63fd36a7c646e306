package org.musicanalytics.client.pipeline;

import com.google.protobuf.Message;
import org.musicanalytics.client.pipeline.internal.ProtoJsonFormat;
import org.musicanalytics.client.pipeline.internal.ProtobufFormat;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;

/**
 * How big the messages of a run are on a target's wire: binary protobuf for gRPC, proto3
 * JSON for Lambda. {@link ShardCutter} and {@link AnalyticsPipeline} use it to keep every
 * request, and every answer, within a {@link ShardBudget}.
 *
 * <p>The {@code ...Bound} sizes are upper bounds of what a stage can answer, computed
 * from the request alone: a shard is cut before its answer could outgrow the budget,
 * whatever the data.
 */
public interface PayloadFormat {

  /** Binary protobuf, as gRPC carries it. */
  static PayloadFormat protobuf() {
    return ProtobufFormat.INSTANCE;
  }

  /** proto3 JSON as {@code JsonFormat} prints it with proto field names, as Lambda carries it. */
  static PayloadFormat protoJson() {
    return ProtoJsonFormat.INSTANCE;
  }

  /** The format's name for messages, e.g. {@code protobuf}. */
  String name();

  /** The size of a {@code StreamList} without records (at most). */
  long streamListBytes();

  /** What one record adds to a {@code StreamList} (at most). */
  long recordBytes(StreamRecord record);

  /**
   * What one record can add, at most, to any of the answers of MapReduce, UserBehavior
   * and GenreAnalysis (a new song, a new user with a new artist, a new genre).
   */
  long recordAnswerBound(StreamRecord record);

  /**
   * What one record can add, at most, to a {@code ShardCounts} answer's listening (fields
   * 20-25) when the request asks for it: one new pair of user and song, and one new song
   * and day, as elements of their arrays.
   */
  long recordListeningBound();

  /** What {@code StreamList.with_listening} adds to a request (at most). */
  default long listeningFlagBytes() {
    return 32;
  }

  /** The size of an answer's fixed part (processing time, trending songs aside; at most). */
  long answerEnvelopeBytes();

  /** What one user (id and top artist) adds to a {@code RecommendationRequest} (at most). */
  long userRequestBytes(UserStat user);

  /**
   * What one user can add, at most, to a {@code RecommendationResponse} whose song keys
   * take at most {@code maxKeyBytes} each.
   */
  long userAnswerBound(UserStat user, long maxKeyBytes);

  /** The size of a song key as a list element (at most). */
  long keyBytes(String key);

  /** The exact size of {@code message}. */
  long messageBytes(Message message);
}
