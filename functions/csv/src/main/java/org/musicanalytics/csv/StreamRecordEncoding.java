package org.musicanalytics.csv;

import com.google.protobuf.CodedOutputStream;
import org.musicanalytics.counting.StreamRecordTags;

/**
 * Encodes a {@link Utf8Row} as one element of a {@code StreamList}'s {@code records}, its
 * UTF-8 fields copied straight from the reader's bytes (no {@code StreamRecord} and no string
 * per row): the bytes equal what the generated code writes for the same record, so that
 * {@code ShardCounter.addEncoded} counts them as any request.
 *
 * <p>The one encoder of rows: the client's shard cutter and the range function both use it.
 */
public final class StreamRecordEncoding {

  // The tags the request reader reads (StreamRecordTags), each one byte.
  private static final byte RECORDS_TAG = (byte) StreamRecordTags.RECORDS;
  private static final byte USER_ID_TAG = (byte) StreamRecordTags.USER_ID;
  private static final byte SONG_ID_TAG = (byte) StreamRecordTags.SONG_ID;
  private static final byte ARTIST_TAG = (byte) StreamRecordTags.ARTIST;
  private static final byte DURATION_TAG = (byte) StreamRecordTags.DURATION;
  private static final byte TIMESTAMP_TAG = (byte) StreamRecordTags.TIMESTAMP;
  private static final byte GENRE_TAG = (byte) StreamRecordTags.GENRE;

  private StreamRecordEncoding() {}

  /** How many bytes {@link #write} takes for {@code row}: tag, length and record. */
  public static int elementBytes(Utf8Row row) {
    int body = bodyBytes(row);
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
  }

  /**
   * Writes {@code row} as a {@code StreamList.records} element at {@code out[at]}, which
   * has room for {@link #elementBytes} bytes.
   *
   * @return the index after the element
   */
  public static int write(Utf8Row row, byte[] out, int at) {
    byte[] in = row.bytes();
    int duration = row.duration();
    out[at++] = RECORDS_TAG;
    at = writeVarint(out, at, bodyBytes(row));
    at = writeString(out, at, USER_ID_TAG, in, row.start(Utf8Row.USER_ID),
        row.length(Utf8Row.USER_ID));
    at = writeString(out, at, SONG_ID_TAG, in, row.start(Utf8Row.SONG_ID),
        row.length(Utf8Row.SONG_ID));
    at = writeString(out, at, ARTIST_TAG, in, row.start(Utf8Row.ARTIST),
        row.length(Utf8Row.ARTIST));
    if (duration != 0) {
      out[at++] = DURATION_TAG;
      // int32 as protobuf writes it: a negative value takes ten bytes, sign-extended.
      at = writeVarint(out, at, duration);
    }
    at = writeString(out, at, TIMESTAMP_TAG, in, row.start(Utf8Row.TIMESTAMP),
        row.length(Utf8Row.TIMESTAMP));
    return writeString(out, at, GENRE_TAG, in, row.start(Utf8Row.GENRE),
        row.length(Utf8Row.GENRE));
  }

  /** The record's own bytes, as generated code writes it: proto3 leaves out empty fields. */
  private static int bodyBytes(Utf8Row row) {
    int duration = row.duration();
    return stringBytes(row.length(Utf8Row.USER_ID)) + stringBytes(row.length(Utf8Row.SONG_ID))
        + stringBytes(row.length(Utf8Row.ARTIST))
        + (duration == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(duration))
        + stringBytes(row.length(Utf8Row.TIMESTAMP)) + stringBytes(row.length(Utf8Row.GENRE));
  }

  /** A string field of {@code bytes} of UTF-8, as proto3 writes it: nothing if empty. */
  private static int stringBytes(int bytes) {
    return bytes == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(bytes) + bytes;
  }

  private static int writeString(byte[] out, int at, byte tag, byte[] in, int start,
      int length) {
    if (length == 0) {
      return at;
    }
    out[at++] = tag;
    at = writeVarint(out, at, length);
    System.arraycopy(in, start, out, at, length);
    return at + length;
  }

  /** A varint of {@code value}; negative values sign-extended to 64 bits, as for int32. */
  private static int writeVarint(byte[] out, int at, long value) {
    while ((value & ~0x7FL) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }
}
