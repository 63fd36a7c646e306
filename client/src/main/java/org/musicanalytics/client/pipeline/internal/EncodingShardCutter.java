package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.musicanalytics.client.input.RowSink;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardBudgetException;

/**
 * Cuts rows into shards of binary protobuf, encoding each row once, straight from the
 * reader's fields into the shard's bytes (no {@code StreamRecord} per row). A shard is
 * handed on as soon as the next row would take its request, or the {@code ShardSummary}
 * answer to it, past the budget; the bytes equal what the generated code writes for the
 * same records.
 */
public final class EncodingShardCutter implements RowSink {

  /** Room for the summary's three answers' envelopes and its own processing time. */
  private static final long SUMMARY_ENVELOPE_BYTES = 4 * ProtobufFormat.INSTANCE.answerEnvelopeBytes();
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
   * Encodes a row into the current shard, first handing that on if the row does not fit.
   *
   * @throws ShardBudgetException if the row alone does not fit in the budget
   */
  @Override
  public void accept(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    int body = ProtobufFormat.recordBodyBytes(userId, songId, artist, duration, timestamp,
        genre);
    int element = ProtobufFormat.recordElementBytes(body);
    long answer = ProtobufFormat.recordAnswerBound(userId, songId, artist, genre, true);
    recordsSeen++;
    if (element > requestLimit || answer > answerLimit) {
      throw new ShardBudgetException("record " + recordsSeen + " (user '" + userId
          + "', song '" + songId + "') needs "
          + Math.max(element, answer + SUMMARY_ENVELOPE_BYTES)
          + " bytes of protobuf alone, more than the shard budget of " + maxBytes);
    }
    if (length + element > requestLimit || answerBytes + answer > answerLimit) {
      handOn();
    }
    ensureCapacity(length + element);
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(buffer, length, element);
      out.writeTag(1, 2);
      out.writeUInt32NoTag(body);
      writeString(out, 1, userId);
      writeString(out, 2, songId);
      writeString(out, 3, artist);
      if (duration != 0) {
        out.writeInt32(4, duration);
      }
      writeString(out, 5, timestamp);
      writeString(out, 6, genre);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      // An array of the computed size cannot run out of space unless the sizes are wrong.
      throw new UncheckedIOException("record " + recordsSeen + " encoded to another size", e);
    }
    length += element;
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

  private static void writeString(CodedOutputStream out, int field, String value)
      throws IOException {
    if (!value.isEmpty()) {
      out.writeString(field, value);
    }
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
