package org.musicanalytics.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import org.musicanalytics.csv.internal.Columns;
import org.musicanalytics.csv.internal.CsvRowScanner;
import org.musicanalytics.csv.internal.CsvSyntaxException;
import org.musicanalytics.csv.internal.RowRejectedException;

/**
 * Reads the rows of one byte range {@code [start, end)} of a stream-data CSV object, with
 * the row rules of {@link StreamCsvReader}: the reader of functions given a range, and of
 * the client reading an object range by range.
 *
 * <p>The boundary rule: a range owns the rows that start inside it, and reads past its end
 * to finish the last one. The first range starts at byte 0 (byte-order mark, header). Any
 * other range starts at the first line start at or after {@code start}: the byte after an
 * LF, or after a CR not followed by LF. That scan cannot tell a line break inside a quoted
 * field from one between rows, so each range also reports where the first row after its
 * own starts; {@link CsvRanges#merge} checks that each range's first row is exactly there,
 * and rejects the input naming the boundary when a quoted line break crossed it. Rows are
 * never lost nor read twice.
 */
public final class CsvRange {

  private static final int LF = '\n';
  private static final int CR = '\r';
  private static final int BUFFER_BYTES = 64 << 10;

  private CsvRange() {}

  /**
   * Reads the header of an object and checks that it names the columns a record needs.
   *
   * @param objectStart the object's bytes from byte 0; only the header row is read
   * @param name the object, for messages (e.g. {@code s3://bucket/key})
   * @return the header's fields, for {@link #read}
   * @throws InputException if the object is empty, unreadable, not CSV or its header lacks
   *     a column
   */
  public static List<String> header(InputStream objectStart, String name)
      throws InputException {
    CsvRowScanner scanner = new CsvRowScanner(objectStart, BUFFER_BYTES);
    try {
      StreamCsvReader.header(name, scanner);
      return scanner.texts();
    } catch (CsvSyntaxException e) {
      throw new InputException(name + ": not valid CSV: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InputException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the rows range {@code [start, end)} owns into {@code sink}, in file order.
   *
   * @param in the object's bytes from byte {@code max(0, start - 1)} on (the byte before
   *     the range tells whether the range starts a line); read up to the end of the first
   *     row starting at or after {@code end}, and no further
   * @param header the object's header, as {@link #header} read it
   * @param name the object, for messages
   * @throws InputException if the bytes cannot be read or are not CSV; the message is one
   *     line naming the object and the range
   */
  public static RangeSummary read(InputStream in, long start, long end, List<String> header,
      String name, Utf8RowSink sink) throws InputException {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not a byte range: " + start + "-" + end);
    }
    Columns columns;
    try {
      columns = Columns.fromHeader(header);
    } catch (IllegalArgumentException e) {
      throw new InputException(name + ": " + e.getMessage());
    }
    String where = name + " bytes " + start + "-" + end;
    try {
      PushbackInputStream buffered =
          new PushbackInputStream(new BufferedInputStream(in, BUFFER_BYTES), 1);
      long base = start == 0 ? 0 : firstLineStart(buffered, start);
      if (base < 0) {
        long size = -base - 1;
        return new RangeSummary(start, end, size, size, 0, 0, 0, List.of());
      }
      return readRows(new CsvRowScanner(buffered, BUFFER_BYTES, start == 0), base, start, end,
          columns, sink);
    } catch (CsvSyntaxException e) {
      throw new InputException(where + ": not valid CSV: " + e.getMessage()
          + " (lines counted from the range's first row)", e);
    } catch (IOException e) {
      // A reader of objects names the object itself (e.g. "s3://b/k: access denied").
      String message = String.valueOf(e.getMessage());
      throw new InputException(message.startsWith(name + ": ") ? message
          : "cannot read " + where + ": " + message, e);
    }
  }

  private static RangeSummary readRows(CsvRowScanner scanner, long base, long start,
      long end, Columns columns, Utf8RowSink sink) throws IOException, CsvSyntaxException {
    boolean first = start == 0;
    if (first) {
      // The header, read by the caller once for all ranges.
      scanner.next();
    }
    long read = 0;
    long rejected = 0;
    List<RejectedRow> samples = new ArrayList<>(StreamCsvReader.DEFAULT_REJECTION_SAMPLES);
    Columns.Row row = columns.over(scanner);
    long firstRow = -1;
    // Lines before the range's first row that it does not count: blank lines the next
    // range's scan skips as well. Zero for the first range, whose lines are the file's.
    long linesBefore = 0;
    while (scanner.next()) {
      long at = base + scanner.offset();
      if (firstRow < 0) {
        firstRow = first ? 0 : at;
        linesBefore = first ? 0 : scanner.line() - 1;
      }
      if (at >= end) {
        return new RangeSummary(start, end, firstRow, at, scanner.line() - 1 - linesBefore,
            read, rejected, samples);
      }
      try {
        row.check();
      } catch (RowRejectedException e) {
        long line = scanner.line() - linesBefore;
        rejected++;
        if (samples.size() < StreamCsvReader.DEFAULT_REJECTION_SAMPLES) {
          samples.add(new RejectedRow(line,
              StreamCsvReader.withSpan(e.getMessage(), line, scanner.lineBreaks())));
        }
        continue;
      }
      sink.accept(row);
      read++;
    }
    long size = base + scanner.offsetScanned();
    return new RangeSummary(start, end, firstRow < 0 ? size : firstRow, size,
        scanner.nextLine() - 1 - linesBefore, read, rejected, samples);
  }

  /**
   * Moves {@code in}, which starts at byte {@code start - 1}, to the first line start at or
   * after {@code start}.
   *
   * @return that line start, or {@code -1 - size} when the input ends first
   */
  private static long firstLineStart(PushbackInputStream pushback, long start)
      throws IOException {
    int previous = pushback.read();
    if (previous < 0) {
      return -1 - (start - 1);
    }
    long at = start;
    while (true) {
      int b = pushback.read();
      if (b < 0) {
        return -1 - at;
      }
      if (previous == LF || (previous == CR && b != LF)) {
        pushback.unread(b);
        return at;
      }
      previous = b;
      at++;
    }
  }
}
