package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import org.musicanalytics.client.pipeline.PayloadFormat;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;

/** Sizes in binary protobuf, as gRPC carries the messages. */
public final class ProtobufFormat implements PayloadFormat {

  public static final ProtobufFormat INSTANCE = new ProtobufFormat();

  /** A tag and the largest int64 varint: a count or total of any size. */
  private static final int INT64_FIELD = 1 + 10;
  /** Top lists hold at most this many keys. */
  private static final int TOP_K = 5;

  private ProtobufFormat() {}

  @Override
  public String name() {
    return "protobuf";
  }

  @Override
  public long streamListBytes() {
    return 0;
  }

  @Override
  public long recordBytes(StreamRecord record) {
    return CodedOutputStream.computeMessageSize(1, record);
  }

  @Override
  public long recordAnswerBound(StreamRecord record) {
    return recordAnswerBound(record.getUserId(), record.getSongId(), record.getArtist(),
        record.getGenre(), false);
  }

  /**
   * The exact size of a record's body (without its tag and length), from its fields, as
   * generated code writes it: proto3 leaves out empty strings and a zero duration.
   */
  public static int recordBodyBytes(String userId, String songId, String artist,
      int duration, String timestamp, String genre) {
    return optionalString(1, userId) + optionalString(2, songId) + optionalString(3, artist)
        + (duration == 0 ? 0 : CodedOutputStream.computeInt32Size(4, duration))
        + optionalString(5, timestamp) + optionalString(6, genre);
  }

  /** What a record of {@code bodyBytes} adds to a {@code StreamList}: tag, length, body. */
  public static int recordElementBytes(int bodyBytes) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(bodyBytes) + bodyBytes;
  }

  /**
   * What one record can add, at most, to an answer: to the largest of MapReduce's,
   * UserBehavior's and GenreAnalysis's, or with {@code fused} to a {@code ShardSummary},
   * which holds all three.
   */
  public static long recordAnswerBound(String userId, String songId, String artist,
      String genre, boolean fused) {
    long artistBytes = utf8Length(artist);
    long songBytes = utf8Length(songId);
    long userBytes = utf8Length(userId);
    long genreBytes = utf8Length(genre);
    long key = string(artistBytes + 3 + songBytes);
    // PlayCounts: play_counts[key] = count and songs[key] = {artist, song_id}.
    long song = string(artistBytes) + string(songBytes);
    long playCounts = field(key + INT64_FIELD) + field(key + field(song));
    // UserStatsList: a user {id, total, top artist, artist_plays[artist]} and a top user.
    long user = string(userBytes) + INT64_FIELD + string(artistBytes)
        + field(string(artistBytes) + INT64_FIELD);
    long users = field(user) + string(userBytes);
    // GenreAnalysisResponse: genre_counts[genre] and the genre in top_genres.
    long genres = field(string(genreBytes) + INT64_FIELD) + string(genreBytes);
    return fused ? playCounts + users + genres
        : Math.max(playCounts, Math.max(users, genres));
  }

  /** The UTF-8 length of {@code text} (unpaired surrogates count as one '?' byte). */
  public static int utf8Length(String text) {
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2;
          i++;
        } else if (Character.isSurrogate(c)) {
          bytes += 0;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  @Override
  public long answerEnvelopeBytes() {
    // processing_time (tag and double) and the outer length prefixes' growth.
    return 64;
  }

  @Override
  public long userRequestBytes(UserStat user) {
    return field(string(1, user.getUserId()) + string(3, user.getTopArtist()));
  }

  @Override
  public long userAnswerBound(UserStat user, long maxKeyBytes) {
    long keys = TOP_K * maxKeyBytes;
    return field(string(1, user.getUserId()) + field(keys));
  }

  @Override
  public long keyBytes(String key) {
    return string(1, key);
  }

  @Override
  public long messageBytes(Message message) {
    return message.getSerializedSize();
  }

  private static long string(int field, String value) {
    return CodedOutputStream.computeStringSize(field, value);
  }

  /** A string field (tag below 16) of {@code utf8Bytes}, empty or not. */
  private static long string(long utf8Bytes) {
    return field(utf8Bytes);
  }

  private static int optionalString(int field, String value) {
    return value.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, value);
  }

  /** A length-delimited field (tag below 16) holding {@code length} bytes. */
  private static long field(long length) {
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(length) + length;
  }
}
