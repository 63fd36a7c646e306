package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.util.Arrays;
import java.util.function.Consumer;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.csv.RowSink;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * Cuts rows into shards of binary protobuf, encoding each row once, straight from the
 * reader's bytes into the shard's (no {@code StreamRecord} and no string per row). A shard is
 * handed on as soon as the next row would take its request, or the {@code ShardCounts}
 * answer to it, past the budget; the bytes equal what the generated code writes for the
 * same records.
 */
public final class EncodingShardCutter implements RowSink, Utf8RowSink {

  // Tags (field number << 3 | wire type) of StreamList.records and StreamRecord's fields.
  private static final byte RECORDS_TAG =
      StreamList.RECORDS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final byte USER_ID_TAG =
      StreamRecord.USER_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final byte SONG_ID_TAG =
      StreamRecord.SONG_ID_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final byte ARTIST_TAG =
      StreamRecord.ARTIST_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final byte DURATION_TAG =
      StreamRecord.DURATION_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final byte TIMESTAMP_TAG =
      StreamRecord.TIMESTAMP_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final byte GENRE_TAG =
      StreamRecord.GENRE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /**
   * Room for what the summary holds besides each record's share: the packed arrays' tags
   * and lengths and the processing time (8 arrays of at most 2 + 5 bytes, and 9), with
   * margin.
   */
  private static final long SUMMARY_ENVELOPE_BYTES =
      4 * ProtobufFormat.INSTANCE.answerEnvelopeBytes();
  private static final int FIRST_CAPACITY = 64 * 1024;

  private final long maxBytes;
  private final long requestLimit;
  private final long answerLimit;
  private final Consumer<EncodedShard> sink;

  private byte[] buffer;
  private int length;
  private int records;
  private long answerBytes;
  private long firstRecord = 1;
  private long recordsSeen;
  private int shardsCut;

  /** @param sink receives each shard when it is full, and the last one at {@link #finish} */
  public EncodingShardCutter(ShardBudget budget, Consumer<EncodedShard> sink) {
    if (!(budget.format() instanceof ProtobufFormat)) {
      throw new IllegalArgumentException("encoded shards are binary protobuf, the budget is "
          + budget);
    }
    this.maxBytes = budget.maxBytes();
    this.requestLimit = Math.min(budget.maxBytes(), Integer.MAX_VALUE - 8);
    this.answerLimit = budget.maxBytes() - SUMMARY_ENVELOPE_BYTES;
    this.sink = sink;
    this.buffer = new byte[(int) Math.min(FIRST_CAPACITY, requestLimit)];
  }

  /**
   * Encodes a row given by its fields into the current shard, first handing that on if the
   * row does not fit.
   *
   * @throws ShardBudgetException if the row alone does not fit in the budget
   */
  @Override
  public void accept(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    accept(Utf8Row.of(userId, songId, artist, duration, timestamp, genre));
  }

  /**
   * Encodes a row into the current shard, copying its UTF-8 fields straight into the
   * shard's bytes, first handing the shard on if the row does not fit.
   *
   * @throws ShardBudgetException if the row alone does not fit in the budget
   */
  @Override
  public void accept(Utf8Row row) {
    int user = row.length(Utf8Row.USER_ID);
    int song = row.length(Utf8Row.SONG_ID);
    int artist = row.length(Utf8Row.ARTIST);
    int timestamp = row.length(Utf8Row.TIMESTAMP);
    int genre = row.length(Utf8Row.GENRE);
    int duration = row.duration();
    // As generated code writes a record: proto3 leaves out empty strings and a zero duration.
    int body = stringBytes(user) + stringBytes(song) + stringBytes(artist)
        + (duration == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(duration))
        + stringBytes(timestamp) + stringBytes(genre);
    int element = 1 + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
    long answer = ProtobufFormat.recordAnswerBound(user, song, artist, genre, true);
    recordsSeen++;
    if (element > requestLimit || answer > answerLimit) {
      throw new ShardBudgetException("record " + recordsSeen + " (user '"
          + row.text(Utf8Row.USER_ID) + "', song '" + row.text(Utf8Row.SONG_ID) + "') needs "
          + Math.max(element, answer + SUMMARY_ENVELOPE_BYTES)
          + " bytes of protobuf alone, more than the shard budget of " + maxBytes);
    }
    if (length + element > requestLimit || answerBytes + answer > answerLimit) {
      handOn();
    }
    ensureCapacity(length + element);
    byte[] out = buffer;
    byte[] in = row.bytes();
    int at = length;
    out[at++] = RECORDS_TAG;
    at = writeVarint(out, at, body);
    at = writeString(out, at, USER_ID_TAG, in, row.start(Utf8Row.USER_ID), user);
    at = writeString(out, at, SONG_ID_TAG, in, row.start(Utf8Row.SONG_ID), song);
    at = writeString(out, at, ARTIST_TAG, in, row.start(Utf8Row.ARTIST), artist);
    if (duration != 0) {
      out[at++] = DURATION_TAG;
      // int32 as protobuf writes it: a negative value takes ten bytes, sign-extended.
      at = writeVarint(out, at, duration);
    }
    at = writeString(out, at, TIMESTAMP_TAG, in, row.start(Utf8Row.TIMESTAMP), timestamp);
    at = writeString(out, at, GENRE_TAG, in, row.start(Utf8Row.GENRE), genre);
    if (at != length + element) {
      // Only wrong sizes above could get here.
      throw new IllegalStateException("record " + recordsSeen + " encoded to "
          + (at - length) + " bytes, sized as " + element);
    }
    length = at;
    records++;
    answerBytes += answer;
  }

  /**
   * Hands on the last shard. A stream without records gives one empty shard, so that
   * every stage answers, with empty results, as for any input.
   */
  public void finish() {
    if (records > 0 || shardsCut == 0) {
      handOn();
    }
  }

  /** How many shards have been handed on. */
  public int shardsCut() {
    return shardsCut;
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

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      long grown = Math.max(needed, Math.min((long) buffer.length * 2, requestLimit));
      buffer = Arrays.copyOf(buffer, (int) grown);
    }
  }

  private void handOn() {
    EncodedShard full = new EncodedShard(++shardsCut, firstRecord, records, buffer, length);
    firstRecord += records;
    // The next shard is likely as big as this one: start it at this one's size.
    buffer = new byte[Math.max(Math.min(FIRST_CAPACITY, (int) requestLimit), length)];
    length = 0;
    records = 0;
    answerBytes = 0;
    sink.accept(full);
  }
}
