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
  /** Varints a record can add to a compact ShardCounts besides its strings: see below. */
  private static final int COMPACT_COUNTS_BYTES = (5 + 5 + 5) + 10 + (5 + 5 + 5) + 5 + (5 + 10);
  /** The longest plays_per_day key, {@code yyyy-MM-dd}. */
  private static final int DAY_KEY_BYTES = 10;
  /**
   * A record's share of a {@code ShardCounts}' listening, at most: a listen pair (user and
   * song indexes, below 2^31 so 5 bytes each, and plays as int64, 10) and a song and day
   * (index 5, sint32 day 5, plays 10). The arrays' tags and lengths are in the envelope.
   */
  public static final long LISTENING_ANSWER_BYTES = 5 + 5 + 10 + 5 + 5 + 10;

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
   * What one record can add, at most, to an answer: to the largest of MapReduce's,
   * UserBehavior's and GenreAnalysis's, or with {@code fused} to the compact
   * {@code ShardCounts}, which holds what all three need.
   */
  public static long recordAnswerBound(String userId, String songId, String artist,
      String genre, boolean fused) {
    return recordAnswerBound(utf8Length(userId), utf8Length(songId), utf8Length(artist),
        utf8Length(genre), fused);
  }

  /** As {@link #recordAnswerBound(String, String, String, String, boolean)}, from UTF-8 sizes. */
  public static long recordAnswerBound(long userBytes, long songBytes, long artistBytes,
      long genreBytes, boolean fused) {
    if (fused) {
      // The compact ShardCounts lists each string once and indexes it from packed arrays.
      // A record adds at most its four strings, if new, and one new song (two indexes and
      // its plays), user (seconds), user x artist pair (two indexes and plays) and genre
      // (plays) and day (the day and its plays), each counted with its largest varint:
      // indexes, days and plays are below 2^31, since a shard holds fewer records, so 5
      // bytes; seconds are int64 and day plays are written as int64, 10 bytes. The
      // arrays' own tags and lengths are in answerEnvelopeBytes().
      return string(userBytes) + string(artistBytes) + string(songBytes) + string(genreBytes)
          + COMPACT_COUNTS_BYTES;
    }
    long key = string(artistBytes + 3 + songBytes);
    // PlayCounts: play_counts[key] = count, songs[key] = {artist, song_id} and
    // plays_per_day[day] = count.
    long song = string(artistBytes) + string(songBytes);
    long playCounts = field(key + INT64_FIELD) + field(key + field(song))
        + field(string(DAY_KEY_BYTES) + INT64_FIELD);
    // UserStatsList: a user {id, total, top artist, artist_plays[artist]} and a top user.
    long user = string(userBytes) + INT64_FIELD + string(artistBytes)
        + field(string(artistBytes) + INT64_FIELD);
    long users = field(user) + string(userBytes);
    // GenreAnalysisResponse: genre_counts[genre] and the genre in top_genres.
    long genres = field(string(genreBytes) + INT64_FIELD) + string(genreBytes);
    return Math.max(playCounts, Math.max(users, genres));
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
  public long recordListeningBound() {
    return LISTENING_ANSWER_BYTES;
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

  /** A length-delimited field (tag below 16) holding {@code length} bytes. */
  private static long field(long length) {
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(length) + length;
  }
}
