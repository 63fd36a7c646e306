package org.musicanalytics.client.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.musicanalytics.client.pipeline.AnswerTooLargeException;
import org.musicanalytics.client.pipeline.RangeStages;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.mapreduce.AnalyzeCsvRange;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamRecord;

/**
 * The record-reading stages as one call per byte range of an S3 object: the functions read
 * the rows, so none pass through here. Each answer's counts are merged as they arrive (the
 * merged counts are the only state that grows) and its range summary kept for the input
 * summary; the calls are timed as the fused call's, which they are for the three stages.
 */
public final class RangeCalls implements RecordDispatch {

  /**
   * The smallest range a range whose answer is too large is cut to: below it the rows'
   * distinct strings, not the range's size, make the answer (a 6 MB answer from 64 KiB of
   * CSV cannot be).
   */
  static final long MIN_SPLIT_BYTES = 64 << 10;

  private final RangeStages stages;
  private final StageTimes times;
  private final ShardSender sender;
  private final PartialAnswers answers;
  private final Map<Long, RangeSummary> ranges = new TreeMap<>();
  private int sent;

  private RangeCalls(RangeStages stages, StageTimes times, ShardSender sender,
      long maxListeningPartitionBytes) {
    this.stages = stages;
    this.times = times;
    this.sender = sender;
    this.answers = PartialAnswers.of(maxListeningPartitionBytes);
  }

  /** The dispatch of each run to the range calls of {@code stages}. */
  public static Factory over(RangeStages stages) {
    return (budget, times, sender, listening) ->
        new RangeCalls(stages, times, sender, listening);
  }

  @Override
  public void acceptRange(CsvRangeRequest range) {
    sent++;
    CsvRangeRequest asked = answers.listening() ? range.toBuilder().setWithListening(true)
        .build() : range;
    sender.send(0, () -> analyze(asked));
  }

  @Override
  public void close() {
    answers.close();
  }

  @Override
  public synchronized List<RangeSummary> ranges() {
    return new ArrayList<>(ranges.values());
  }

  @Override
  public void accept(StreamRecord record) {
    throw rowsNotHere();
  }

  @Override
  public void accept(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    throw rowsNotHere();
  }

  @Override
  public void accept(Utf8Row row) {
    throw rowsNotHere();
  }

  @Override
  public void finish() {
    // Every range was sent as it came: there is no last shard to cut.
  }

  @Override
  public int shardsCut() {
    return sent;
  }

  @Override
  public RecordAnswers merged() {
    return answers.fusedAnswers(times);
  }

  private void analyze(CsvRangeRequest range) {
    String where = "s3://" + range.getBucket() + "/" + range.getKey() + " bytes "
        + range.getStart() + "-" + range.getEnd();
    long start = System.nanoTime();
    ShardCounts counts;
    try {
      counts = stages.analyzeCsvRange(range);
    } catch (AnswerTooLargeException e) {
      times.addFused(start, System.nanoTime());
      long length = range.getEnd() - range.getStart();
      if (length < 2 * MIN_SPLIT_BYTES) {
        throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
            e.where() + ", " + where, "the range's answer is over the function's response "
            + "limit even for " + length + " bytes of CSV (its rows hold too many distinct "
            + "users, songs and artists): " + e.why(), e);
      }
      // The answer grows with the distinct users, songs and artists a range holds, which
      // only the function sees: halves hold fewer, and their rows start where the boundary
      // rule puts them, so the halves' summaries merge as any ranges'.
      long middle = range.getStart() + length / 2;
      analyze(range.toBuilder().setEnd(middle).build());
      analyze(range.toBuilder().setStart(middle).build());
      return;
    } catch (StageFailedException e) {
      times.addFused(start, System.nanoTime());
      throw e.onShard(where);
    }
    times.addFused(start, System.nanoTime());
    if (!counts.hasCsvRange()) {
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          where, "its answer has no csv_range summary", null);
    }
    try {
      if (counts.getEncodedCounts().isEmpty()) {
        answers.add(counts);
      } else {
        answers.addEncoded(counts.getEncodedCounts().toByteArray());
      }
    } catch (PartialAnswers.NoListeningException e) {
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          stages.rangeWhere() + ", " + where, e.getMessage(), e);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          where, "its answers cannot be merged: " + e.getMessage(), e);
    }
    synchronized (this) {
      ranges.put(range.getStart(), AnalyzeCsvRange.summary(counts.getCsvRange()));
    }
  }

  private static IllegalStateException rowsNotHere() {
    return new IllegalStateException("the functions read the rows of S3 ranges themselves");
  }
}
