package org.musicanalytics.client.pipeline.internal;

import java.util.Arrays;
import java.util.function.Consumer;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.counting.StreamRecordTags;
import org.musicanalytics.csv.RowSink;
import org.musicanalytics.csv.StreamRecordEncoding;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.csv.Utf8RowSink;

/**
 * Cuts rows into shards of binary protobuf, encoding each row once, straight from the
 * reader's bytes into the shard's (no {@code StreamRecord} and no string per row). A shard is
 * handed on as soon as the next row would take its request, or the {@code ShardCounts}
 * answer to it, past the budget; the bytes equal what the generated code writes for the
 * same records.
 */
public final class EncodingShardCutter implements RowSink, Utf8RowSink {

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
  /** What each shard starts with: nothing, or the request for its listening. */
  private final byte[] prefix;
  private final long listeningBytes;

  private byte[] buffer;
  private int length;
  private int records;
  private long answerBytes;
  private long firstRecord = 1;
  private long recordsSeen;
  private int shardsCut;

  /** @param sink receives each shard when it is full, and the last one at {@link #finish} */
  public EncodingShardCutter(ShardBudget budget, Consumer<EncodedShard> sink) {
    this(budget, false, sink);
  }

  /**
   * A cutter whose shards, with {@code withListening}, ask for their listening too: each
   * starts with {@code with_listening = true}, before its records, so that the host's pass
   * knows from the first record ({@code ShardCounter.addEncoded}); the answers' bound counts
   * the listening.
   *
   * @param sink receives each shard when it is full, and the last one at {@link #finish}
   */
  public EncodingShardCutter(ShardBudget budget, boolean withListening,
      Consumer<EncodedShard> sink) {
    if (!(budget.format() instanceof ProtobufFormat)) {
      throw new IllegalArgumentException("encoded shards are binary protobuf, the budget is "
          + budget);
    }
    this.maxBytes = budget.maxBytes();
    this.requestLimit = Math.min(budget.maxBytes(), Integer.MAX_VALUE - 8);
    this.answerLimit = budget.maxBytes() - SUMMARY_ENVELOPE_BYTES;
    this.sink = sink;
    this.prefix = withListening ? new byte[] {(byte) StreamRecordTags.WITH_LISTENING, 1}
        : new byte[0];
    this.listeningBytes = withListening ? ProtobufFormat.LISTENING_ANSWER_BYTES : 0;
    this.buffer = new byte[(int) Math.min(FIRST_CAPACITY, requestLimit)];
    this.length = startShard(buffer);
  }

  /** Writes the prefix at the start of a shard's buffer; returns its length. */
  private int startShard(byte[] shard) {
    System.arraycopy(prefix, 0, shard, 0, prefix.length);
    return prefix.length;
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
    int genre = row.length(Utf8Row.GENRE);
    int element = StreamRecordEncoding.elementBytes(row);
    long answer = ProtobufFormat.recordAnswerBound(user, song, artist, genre, true)
        + listeningBytes;
    recordsSeen++;
    if (element + prefix.length > requestLimit || answer > answerLimit) {
      throw new ShardBudgetException("record " + recordsSeen + " (user '"
          + row.text(Utf8Row.USER_ID) + "', song '" + row.text(Utf8Row.SONG_ID) + "') needs "
          + Math.max(element, answer + SUMMARY_ENVELOPE_BYTES)
          + " bytes of protobuf alone, more than the shard budget of " + maxBytes);
    }
    if (length + element > requestLimit || answerBytes + answer > answerLimit) {
      handOn();
    }
    ensureCapacity(length + element);
    int at = StreamRecordEncoding.write(row, buffer, length);
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
    length = startShard(buffer);
    records = 0;
    answerBytes = 0;
    sink.accept(full);
  }
}
