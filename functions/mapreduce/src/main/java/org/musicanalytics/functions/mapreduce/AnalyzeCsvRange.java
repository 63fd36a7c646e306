package org.musicanalytics.functions.mapreduce;

import java.io.InputStream;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.csv.CsvRange;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.csv.RejectedRow;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.CsvRangeSummary;
import org.musicanalytics.proto.RejectedCsvRow;
import org.musicanalytics.proto.ShardCounts;

/**
 * {@code analyzeShard} over a byte range of a CSV object instead of a list of records: the
 * rows the range owns ({@link CsvRange}'s boundary rule) counted in one pass, with the
 * range's {@code csv_range} summary, so that the client merges ranges' counts exactly as
 * shards' and checks their boundaries.
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
    ShardCounter counter = ShardCounter.ofAll();
    RangeSummary range = CsvRange.read(bytes, request.getStart(), request.getEnd(),
        request.getHeaderList(), name, row -> counter.add(row.text(Utf8Row.USER_ID),
            row.text(Utf8Row.SONG_ID), row.text(Utf8Row.ARTIST), row.duration(),
            row.text(Utf8Row.TIMESTAMP), row.text(Utf8Row.GENRE)));
    return counter.shardCounts()
        .setCsvRange(summary(range))
        .setProcessingTime(clock.elapsedSeconds())
        .build();
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
