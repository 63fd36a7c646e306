package org.musicanalytics.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * The merge of the {@link RangeSummary summaries} of an object's byte ranges, in file
 * order: checks that each range's rows start where the previous range's stopped (the
 * boundary rule of {@link CsvRange}) and numbers the rejected rows by the file's lines.
 */
public final class CsvRanges {

  private CsvRanges() {}

  /** The counts and first rejected rows of all ranges, as one read of the whole object. */
  public record Merged(long recordsRead, long rowsRejected, List<RejectedRow> firstRejections) {

    public Merged {
      firstRejections = List.copyOf(firstRejections);
    }
  }

  /**
   * Merges the summaries of consecutive ranges covering an object from byte 0.
   *
   * @param name the object, for messages
   * @throws InputException if the ranges do not follow each other, or a row crosses a
   *     boundary through a quoted line break (the input cannot be cut there); one line
   *     naming the object and the boundary
   */
  public static Merged merge(String name, List<RangeSummary> ranges) throws InputException {
    long read = 0;
    long rejected = 0;
    List<RejectedRow> samples = new ArrayList<>(StreamCsvReader.DEFAULT_REJECTION_SAMPLES);
    long linesBefore = 0;
    RangeSummary previous = null;
    for (RangeSummary range : ranges) {
      if (previous == null ? range.start() != 0 : range.start() != previous.end()) {
        throw new IllegalArgumentException("range " + range.start() + "-" + range.end()
            + " does not follow " + (previous == null ? "byte 0" : previous.end()));
      }
      if (previous != null && range.firstRow() != previous.nextRow()) {
        throw new InputException(name + ": a quoted line break crosses byte "
            + range.start() + ": the rows before it end at byte " + previous.nextRow()
            + ", but the range starting there found a row at byte " + range.firstRow()
            + "; a file whose quoted fields hold line breaks cannot be cut there: use"
            + " another --shard-bytes, or read it whole from a local file");
      }
      for (RejectedRow row : range.rejections()) {
        if (samples.size() < StreamCsvReader.DEFAULT_REJECTION_SAMPLES) {
          samples.add(new RejectedRow(linesBefore + row.line(), row.reason()));
        }
      }
      read += range.rowsRead();
      rejected += range.rowsRejected();
      linesBefore += range.lines();
      previous = range;
    }
    return new Merged(read, rejected, samples);
  }
}
