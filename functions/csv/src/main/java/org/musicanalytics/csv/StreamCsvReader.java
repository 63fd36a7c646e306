package org.musicanalytics.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.musicanalytics.csv.internal.Columns;
import org.musicanalytics.csv.internal.CsvRowScanner;
import org.musicanalytics.csv.internal.CsvSyntaxException;
import org.musicanalytics.csv.internal.RowRejectedException;
import org.musicanalytics.proto.StreamRecord;

/**
 * Reads a stream-data CSV file (RFC 4180, UTF-8) record by record.
 *
 * <p>Records are handed on as they are read, so a caller can batch them into shards
 * without the reader ever holding the whole file; a caller that takes {@link Utf8Row}s
 * ({@link OpenedInput#readUtf8Rows}) gets each row's fields as slices of UTF-8, without a
 * string per field. A malformed row is counted and the first few are kept with their line
 * numbers; in strict mode the first one ends the read with a
 * {@link MalformedRowException}. The README's "Input" section has the rules.
 */
public final class StreamCsvReader {

  /** How many rejected rows a summary keeps by default. */
  public static final int DEFAULT_REJECTION_SAMPLES = 5;

  private final boolean strict;
  private final int rejectionSamples;
  private final int chunkBytes;

  private StreamCsvReader(boolean strict, int rejectionSamples, int chunkBytes) {
    this.strict = strict;
    this.rejectionSamples = rejectionSamples;
    this.chunkBytes = chunkBytes;
  }

  /** A reader that skips malformed rows, counts them and keeps the first few. */
  public static StreamCsvReader lenient() {
    return new StreamCsvReader(false, DEFAULT_REJECTION_SAMPLES,
        CsvRowScanner.DEFAULT_CHUNK_BYTES);
  }

  /** A reader for which the first malformed row is fatal. */
  public static StreamCsvReader strict() {
    return new StreamCsvReader(true, DEFAULT_REJECTION_SAMPLES,
        CsvRowScanner.DEFAULT_CHUNK_BYTES);
  }

  /** A reader that is strict or not, as asked. */
  public static StreamCsvReader of(boolean strict) {
    return strict ? strict() : lenient();
  }

  /**
   * This reader reading {@code chunkBytes} at a time (1 MiB by default; a row longer than
   * that is still read whole). Tests make it tiny, to put the ends of chunks inside rows,
   * fields, quotes and line ends.
   */
  public StreamCsvReader withChunkBytes(int chunkBytes) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be positive, was " + chunkBytes);
    }
    return new StreamCsvReader(strict, rejectionSamples, chunkBytes);
  }

  /**
   * Reads every record of {@code file}, in file order, into {@code sink}.
   *
   * @return how many records were read and rejected
   * @throws InputException if the file is missing, unreadable, not CSV, has no usable
   *     header or, in strict mode, has a malformed row; the message is one line naming
   *     the file
   */
  public InputSummary read(Path file, Consumer<StreamRecord> sink) throws InputException {
    try (OpenedInput input = open(file)) {
      return input.read(sink);
    }
  }

  /**
   * Opens {@code file} and reads its header, so that a caller can refuse a missing or
   * unusable file before starting anything costly, then read the records with
   * {@link OpenedInput#read}.
   *
   * @throws InputException if the file is missing, unreadable, not CSV or has no usable
   *     header; the message is one line naming the file
   */
  public OpenedInput open(Path file) throws InputException {
    try {
      return open(file, Files.newInputStream(file));
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  /**
   * As {@link #open(Path)}, reading {@code file}'s bytes from {@code in}, e.g. a stream
   * that counts them for a progress display; closing the input closes it.
   */
  public OpenedInput open(Path file, InputStream in) throws InputException {
    CsvRowScanner scanner = null;
    try {
      scanner = new CsvRowScanner(in, chunkBytes);
      OpenedInput opened = new OpenedInput(file, scanner, header(file, scanner));
      scanner = null;
      return opened;
    } catch (IOException | CsvSyntaxException e) {
      throw failure(file, e);
    } finally {
      if (scanner != null) {
        closeQuietly(scanner);
      }
    }
  }

  /** An input file whose header has been read: its records are next. */
  public final class OpenedInput implements AutoCloseable {

    private final Path file;
    private final CsvRowScanner scanner;
    private final Columns columns;

    private OpenedInput(Path file, CsvRowScanner scanner, Columns columns) {
      this.file = file;
      this.scanner = scanner;
      this.columns = columns;
    }

    /**
     * Reads every record, in file order, into {@code sink}.
     *
     * @return how many records were read and rejected
     * @throws InputException if the file cannot be read on, is not CSV or, in strict mode,
     *     has a malformed row
     */
    public InputSummary read(Consumer<StreamRecord> sink) throws InputException {
      return readRows(RowSink.ofRecords(sink));
    }

    /**
     * Reads every accepted row, in file order, into {@code sink}, field by field.
     *
     * @return how many records were read and rejected
     * @throws InputException if the file cannot be read on, is not CSV or, in strict mode,
     *     has a malformed row
     */
    public InputSummary readRows(RowSink sink) throws InputException {
      return readUtf8Rows(Utf8RowSink.decoding(sink));
    }

    /**
     * Reads every accepted row, in file order, into {@code sink}, as slices of the bytes
     * read: the reader's own form, with no text decoded.
     *
     * @return how many records were read and rejected
     * @throws InputException if the file cannot be read on, is not CSV or, in strict mode,
     *     has a malformed row
     */
    public InputSummary readUtf8Rows(Utf8RowSink sink) throws InputException {
      try {
        return readRecords(sink);
      } catch (IOException | CsvSyntaxException e) {
        throw failure(file, e);
      }
    }

    private InputSummary readRecords(Utf8RowSink sink)
        throws InputException, IOException, CsvSyntaxException {
      long read = 0;
      long rejected = 0;
      List<RejectedRow> samples = new ArrayList<>(rejectionSamples);
      Columns.Row row = columns.over(scanner);
      while (scanner.next()) {
        try {
          row.check();
        } catch (RowRejectedException e) {
          RejectedRow bad = new RejectedRow(scanner.line(), withSpan(e.getMessage(), scanner));
          if (strict) {
            throw new MalformedRowException(file, bad);
          }
          rejected++;
          if (samples.size() < rejectionSamples) {
            samples.add(bad);
          }
          continue;
        }
        sink.accept(row);
        read++;
      }
      return new InputSummary(file, read, rejected, samples);
    }

    /** Closes the file. */
    @Override
    public void close() {
      closeQuietly(scanner);
    }
  }

  /** The header's columns; {@code file} names the input in messages (a path or a URI). */
  static Columns header(Object file, CsvRowScanner scanner)
      throws InputException, IOException, CsvSyntaxException {
    if (!scanner.next()) {
      throw new InputException(file + ": the file is empty, expected a header row "
          + String.join(",", Columns.REQUIRED) + "," + Columns.GENRE);
    }
    int invalid = scanner.firstInvalidUtf8Field();
    if (invalid >= 0) {
      throw new InputException(file + " line " + scanner.line() + ": the header is not "
          + "valid UTF-8 (field " + (invalid + 1) + "); save the file as UTF-8");
    }
    try {
      return Columns.fromHeader(scanner.texts());
    } catch (IllegalArgumentException e) {
      throw new InputException(file + " line " + scanner.line() + ": " + e.getMessage());
    }
  }

  private static void closeQuietly(CsvRowScanner scanner) {
    try {
      scanner.close();
    } catch (IOException e) {
      // Everything needed was read, or reading already failed and that is reported.
    }
  }

  /** A failure to read {@code file}, in one line naming it. */
  private static InputException failure(Path file, Exception e) {
    if (e instanceof NoSuchFileException) {
      return new InputException("input file not found: " + file);
    }
    if (e instanceof AccessDeniedException) {
      return new InputException("input file is not readable (permission denied): " + file);
    }
    if (e instanceof CsvSyntaxException syntax) {
      return new InputException(file + ": not valid CSV: " + syntax.getMessage(), syntax);
    }
    String why = Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
    return new InputException("cannot read input file " + file + ": " + why, e);
  }

  /**
   * Adds the lines a bad row spans when a quoted field holds line breaks: a lone quote
   * makes the parser swallow the following lines into one field, and this shows where.
   */
  private static String withSpan(String reason, CsvRowScanner row) {
    return withSpan(reason, row.line(), row.lineBreaks());
  }

  /** As {@link #withSpan(String, CsvRowScanner)}, for a row starting on line {@code first}. */
  static String withSpan(String reason, long first, long breaks) {
    if (breaks == 0) {
      return reason;
    }
    return reason + " (the row spans lines " + first + "-" + (first + breaks)
        + " through quoted line breaks; check for an unbalanced quote)";
  }
}
