package org.musicanalytics.functions.mapreduce;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.csv.CsvRange;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.csv.RejectedRow;
import org.musicanalytics.csv.StreamRecordEncoding;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.CsvRangeSummary;
import org.musicanalytics.proto.RejectedCsvRow;
import org.musicanalytics.proto.ShardCounts;

/**
 * {@code analyzeShard} over a byte range of a CSV object instead of a list of records: the
 * rows the range owns ({@link CsvRange}'s boundary rule) counted in one pass, with the
 * range's {@code csv_range} summary (and the range's listening if the request asks), so
 * that the client merges ranges' counts exactly as shards' and checks their boundaries.
 *
 * <p>Pure: the caller opens the bytes (a ranged read of S3, or of a file) and hands them in.
 */
public final class AnalyzeCsvRange {

  /**
   * The counts of the rows {@code request}'s range owns.
   *
   * @param bytes the object's bytes from byte {@code max(0, start - 1)}, as
   *     {@link CsvRange#read} takes them
   * @param name the object, for messages (e.g. {@code s3://bucket/key})
   * @throws InputException if the bytes cannot be read or are not CSV (one line naming the
   *     object and the range)
   */
  public ShardCounts apply(CsvRangeRequest request, InputStream bytes, String name)
      throws InputException {
    StageClock clock = StageClock.start();
    ShardCounter counter = request.getWithListening()
        ? new ShardCounter(EnumSet.allOf(ShardCounter.Part.class)) : ShardCounter.ofAll();
    EncodedBatches batches = new EncodedBatches(counter);
    RangeSummary range = CsvRange.read(bytes, request.getStart(), request.getEnd(),
        request.getHeaderList(), name, batches);
    batches.flush();
    return counter.shardCounts()
        .setCsvRange(summary(range))
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }

  /**
   * Rows encoded as a {@code StreamList}, a batch at a time, and counted by the counter's
   * reader of that wire form: the fused pass's own code path from UTF-8 bytes, with no
   * string per field.
   */
  private static final class EncodedBatches implements Utf8RowSink {

    // Large enough that a batch's copy and parse start are nothing next to its rows, small
    // enough to stay in cache.
    private static final int BATCH_BYTES = 256 << 10;

    private final ShardCounter counter;
    private byte[] buffer = new byte[BATCH_BYTES];
    private int length;

    EncodedBatches(ShardCounter counter) {
      this.counter = counter;
    }

    @Override
    public void accept(Utf8Row row) {
      int element = StreamRecordEncoding.elementBytes(row);
      if (length + element > buffer.length) {
        flush();
        if (element > buffer.length) {
          // A row of up to the reader's 16 MiB limit: a batch of its own.
          buffer = new byte[element];
        }
      }
      length = StreamRecordEncoding.write(row, buffer, length);
    }

    void flush() {
      if (length == 0) {
        return;
      }
      try {
        counter.addEncoded(Arrays.copyOf(buffer, length));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("rows encoded here do not parse: " + e.getMessage(), e);
      }
      length = 0;
    }
  }

  /** The wire form of a range's summary. */
  public static CsvRangeSummary summary(RangeSummary range) {
    CsvRangeSummary.Builder summary = CsvRangeSummary.newBuilder()
        .setStart(range.start())
        .setEnd(range.end())
        .setFirstRow(range.firstRow())
        .setNextRow(range.nextRow())
        .setLines(range.lines())
        .setRowsRead(range.rowsRead())
        .setRowsRejected(range.rowsRejected());
    for (RejectedRow row : range.rejections()) {
      summary.addRejections(RejectedCsvRow.newBuilder()
          .setLine(row.line())
          .setReason(row.reason()));
    }
    return summary.build();
  }

  /** A range's summary back from its wire form. */
  public static RangeSummary summary(CsvRangeSummary range) {
    return new RangeSummary(range.getStart(), range.getEnd(), range.getFirstRow(),
        range.getNextRow(), range.getLines(), range.getRowsRead(), range.getRowsRejected(),
        range.getRejectionsList().stream()
            .map(row -> new RejectedRow(row.getLine(), row.getReason()))
            .toList());
  }
}
