package org.musicanalytics.counting;

import com.google.protobuf.WireFormat;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * The wire tags (field number {@code << 3 |} wire type) of a {@code StreamList}'s records
 * and of a {@code StreamRecord}'s fields: what the byte-level reader of requests
 * ({@link ShardCounter#addEncoded}) and the byte-level writer of rows (functions/csv's
 * {@code StreamRecordEncoding}) agree on, taken from the generated field numbers so that
 * neither can drift from the contract. Each fits in one byte.
 */
public final class StreamRecordTags {

  /** {@code StreamList.records}: one length-delimited record. */
  public static final int RECORDS =
      StreamList.RECORDS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** {@code StreamList.with_listening}, a varint. */
  public static final int WITH_LISTENING =
      StreamList.WITH_LISTENING_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  /** {@code StreamRecord.user_id}. */
  public static final int USER_ID =
      StreamRecord.USER_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** {@code StreamRecord.song_id}. */
  public static final int SONG_ID =
      StreamRecord.SONG_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** {@code StreamRecord.artist}. */
  public static final int ARTIST =
      StreamRecord.ARTIST_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** {@code StreamRecord.duration}, a varint. */
  public static final int DURATION =
      StreamRecord.DURATION_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  /** {@code StreamRecord.timestamp}. */
  public static final int TIMESTAMP =
      StreamRecord.TIMESTAMP_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  /** {@code StreamRecord.genre}. */
  public static final int GENRE =
      StreamRecord.GENRE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  private StreamRecordTags() {}
}
