package org.musicanalytics.client.pipeline;

import java.util.function.Consumer;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * Cuts a stream of records into shards that fit a {@link ShardBudget}: each shard's
 * request, and any answer a record-reading stage can give to it, stays within the
 * budget's bytes. Records keep their order; a shard is handed on as soon as the next
 * record would not fit, so at most one shard is held at a time.
 *
 * <p>It consumes what the reader produces ({@code reader.read(file, cutter)}), and is
 * independent of where the records come from and of what is done with the shards.
 */
public final class ShardCutter implements Consumer<StreamRecord> {

  private final ShardBudget budget;
  private final Consumer<Shard> sink;
  private final long requestLimit;
  private final long answerLimit;
  private final boolean withListening;
  private final long listeningBytes;

  private StreamList.Builder shard;
  private long requestBytes;
  private long answerBytes;
  private long firstRecord = 1;
  private long recordsSeen;
  private int shardsCut;

  /**
   * One shard: its records and where they are in the stream.
   *
   * @param index the shard's number, from 1
   * @param firstRecord the number of its first record in the stream, from 1
   * @param plays its records
   */
  public record Shard(int index, long firstRecord, StreamList plays) {

    /** The shard for people: {@code shard 3 (records 201-300)}. */
    public String describe() {
      return ShardCutter.describe(index, firstRecord, plays.getRecordsCount());
    }
  }

  /** A shard for people: {@code shard 3 (records 201-300)}. */
  static String describe(int index, long firstRecord, long count) {
    return "shard " + index + (count == 0 ? " (no records)"
        : " (records " + firstRecord + "-" + (firstRecord + count - 1) + ")");
  }

  /** @param sink receives each shard when it is full, and the last one at {@link #finish} */
  public ShardCutter(ShardBudget budget, Consumer<Shard> sink) {
    this(budget, false, sink);
  }

  /**
   * A cutter whose shards ask, with {@code withListening}, for their listening too
   * ({@code StreamList.with_listening}), which the answers' bound then counts.
   *
   * @param sink receives each shard when it is full, and the last one at {@link #finish}
   */
  public ShardCutter(ShardBudget budget, boolean withListening, Consumer<Shard> sink) {
    this.budget = budget;
    this.sink = sink;
    this.withListening = withListening;
    PayloadFormat format = budget.format();
    this.listeningBytes = withListening ? format.recordListeningBound() : 0;
    this.requestLimit = budget.maxBytes() - format.streamListBytes()
        - (withListening ? format.listeningFlagBytes() : 0);
    this.answerLimit = budget.maxBytes() - format.answerEnvelopeBytes();
    this.shard = newShard();
  }

  private StreamList.Builder newShard() {
    return withListening ? StreamList.newBuilder().setWithListening(true)
        : StreamList.newBuilder();
  }

  /**
   * Adds a record, first handing on the current shard if the record does not fit in it.
   *
   * @throws ShardBudgetException if the record alone does not fit in the budget
   */
  @Override
  public void accept(StreamRecord record) {
    PayloadFormat format = budget.format();
    long request = format.recordBytes(record);
    long answer = format.recordAnswerBound(record) + listeningBytes;
    recordsSeen++;
    if (request > requestLimit || answer > answerLimit) {
      throw new ShardBudgetException("record " + recordsSeen + " (user '"
          + record.getUserId() + "', song '" + record.getSongId() + "') needs "
          + Math.max(request + format.streamListBytes(),
              answer + format.answerEnvelopeBytes())
          + " bytes of " + format.name() + " alone, more than the shard budget of "
          + budget.maxBytes());
    }
    if (requestBytes + request > requestLimit || answerBytes + answer > answerLimit) {
      handOn();
    }
    shard.addRecords(record);
    requestBytes += request;
    answerBytes += answer;
  }

  /**
   * Hands on the last shard. A stream without records gives one empty shard, so that
   * every stage answers, with empty results, as for any input.
   */
  public void finish() {
    if (shard.getRecordsCount() > 0 || shardsCut == 0) {
      handOn();
    }
  }

  /** How many shards have been handed on. */
  public int shardsCut() {
    return shardsCut;
  }

  private void handOn() {
    Shard full = new Shard(++shardsCut, firstRecord, shard.build());
    firstRecord += full.plays().getRecordsCount();
    shard = newShard();
    requestBytes = 0;
    answerBytes = 0;
    sink.accept(full);
  }
}
