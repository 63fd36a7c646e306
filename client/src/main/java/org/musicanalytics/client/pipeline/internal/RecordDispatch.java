package org.musicanalytics.client.pipeline.internal;

import java.util.List;
import java.util.function.Consumer;
import org.musicanalytics.client.pipeline.ListeningPartitions;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.csv.RowSink;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStatsList;

/**
 * How a pipeline run gets its records to MapReduce, UserBehavior and GenreAnalysis: it cuts
 * them into shards as they arrive, hands each shard's calls to the run to send, and merges
 * the answers. One per run, made by a {@link Factory}: {@link SeparateStageCalls} (three
 * calls per {@code StreamList} shard) or {@link FusedStageCall} (one fused call per encoded
 * shard).
 */
public interface RecordDispatch extends Consumer<StreamRecord>, RowSink, Utf8RowSink {

  /**
   * Sends one byte range of an S3 object, for a dispatch whose functions read the rows
   * themselves ({@link RangeCalls}).
   *
   * @throws IllegalStateException for a dispatch of rows
   */
  default void acceptRange(CsvRangeRequest range) {
    throw new IllegalStateException("this run sends rows, not byte ranges");
  }

  /** The summaries of the ranges answered, in file order; none for a dispatch of rows. */
  default List<RangeSummary> ranges() {
    return List.of();
  }

  /**
   * Hands on the last shard. A stream without records gives one empty shard, so that every
   * stage answers, with empty results, as for any input.
   */
  void finish();

  /** How many shards have been handed on. */
  int shardsCut();

  /**
   * The merged answers, once every shard's calls are done; the stages' call times are in
   * the run's {@link StageTimes} by then.
   */
  RecordAnswers merged();

  /**
   * Frees what the answers hold unless {@link #merged} handed it on: the listening's spill
   * files, after a failed run.
   */
  default void close() {}

  /**
   * The merged answers of the three record-reading stages, and the run's listening if it
   * was asked for (else null), which the caller then owns.
   */
  record RecordAnswers(PlayCounts playCounts, UserStatsList userStats,
      GenreAnalysisResponse genres, ListeningPartitions listening) {}

  /** Where a dispatch hands each shard's calls: the run sends them while reading goes on. */
  @FunctionalInterface
  interface ShardSender {

    /**
     * Sends a shard's calls, waiting while the run's limit of shards is in flight.
     *
     * @param records how many records the shard holds, for the run's progress
     * @param calls the shard's calls and the merge of their answers
     */
    void send(long records, Runnable calls);
  }

  /** Makes the dispatch of one run. */
  @FunctionalInterface
  interface Factory {

    /**
     * A dispatch cutting shards within {@code budget}, timing its calls into {@code times}
     * and handing each shard's calls to {@code sender}; with
     * {@code maxListeningPartitionBytes} above 0, asking each call for the shard's listening
     * and spilling it into partitions of at most that many bytes.
     *
     * @throws IllegalArgumentException for listening on a dispatch whose calls cannot count
     *     it (the three services)
     */
    RecordDispatch start(ShardBudget budget, StageTimes times, ShardSender sender,
        long maxListeningPartitionBytes);
  }
}
