package org.musicanalytics.csv;

import java.util.List;

/**
 * What reading one byte range of a CSV object produced, besides the rows: where its rows
 * start and end, how many lines they take, and its rejected rows with line numbers counted
 * from the range's first row. {@link CsvRanges#merge} checks the boundaries of adjacent
 * ranges and turns the line numbers into the file's.
 *
 * @param start the range's first byte
 * @param end the byte after the range
 * @param firstRow where the first row owned by the range starts (the first row starting at
 *     or after {@code start}, found by the boundary rule); the object's size if none does
 * @param nextRow where the first row after the range's rows starts (the first at or after
 *     {@code end}), or the object's size
 * @param lines the lines from {@code firstRow} to {@code nextRow}
 * @param rowsRead rows accepted
 * @param rowsRejected rows refused as malformed
 * @param rejections the first few refused rows; line 1 is the line {@code firstRow} is on
 *     (the file's line 1 for the first range)
 */
public record RangeSummary(long start, long end, long firstRow, long nextRow, long lines,
    long rowsRead, long rowsRejected, List<RejectedRow> rejections) {

  public RangeSummary {
    rejections = List.copyOf(rejections);
  }
}
