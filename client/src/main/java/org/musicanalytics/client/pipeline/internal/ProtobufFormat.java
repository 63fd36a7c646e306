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
    String artist = record.getArtist();
    String key = artist + " - " + record.getSongId();
    // PlayCounts: play_counts[key] = count and songs[key] = {artist, song_id}.
    long song = string(1, artist) + string(2, record.getSongId());
    long playCounts = field(string(1, key) + INT64_FIELD)
        + field(string(1, key) + field(song));
    // UserStatsList: a user {id, total, top artist, artist_plays[artist]} and a top user.
    long user = string(1, record.getUserId()) + INT64_FIELD + string(3, artist)
        + field(string(1, artist) + INT64_FIELD);
    long users = field(user) + string(2, record.getUserId());
    // GenreAnalysisResponse: genre_counts[genre] and the genre in top_genres.
    long genres = field(string(1, record.getGenre()) + INT64_FIELD)
        + string(2, record.getGenre());
    return Math.max(playCounts, Math.max(users, genres));
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

  /** A length-delimited field (tag below 16) holding {@code length} bytes. */
  private static long field(long length) {
    return 1 + CodedOutputStream.computeUInt64SizeNoTag(length) + length;
  }
}
