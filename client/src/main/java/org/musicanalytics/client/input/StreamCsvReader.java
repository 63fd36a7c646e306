package org.musicanalytics.client.input;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.musicanalytics.client.input.internal.Columns;
import org.musicanalytics.client.input.internal.RowRejectedException;
import org.musicanalytics.proto.StreamRecord;

/**
 * Reads a stream-data CSV file (RFC 4180, UTF-8) record by record.
 *
 * <p>Quoted fields may hold commas, doubled quotes and line breaks; lines may end in CRLF
 * or LF; a UTF-8 byte-order mark is dropped; blank lines are skipped. The first row is the
 * header, and columns are found by name ({@code user_id, song_id, artist, duration,
 * timestamp}, optionally {@code genre}).
 *
 * <p>Records are handed to a consumer as they are read, so a caller can batch them into
 * shards without the reader ever holding the whole file. A malformed row (missing or extra
 * columns, a duration that is not an integer from 0 to 2^31-1, an empty user_id) is counted
 * and the first few are kept with their line numbers; in strict mode the first one ends the
 * read with a {@link MalformedRowException}. A file that is not valid CSV at all (text after
 * a closing quote) ends the read too: the parser cannot tell where the next row starts.
 */
public final class StreamCsvReader {

  /** How many rejected rows a summary keeps by default. */
  public static final int DEFAULT_REJECTION_SAMPLES = 5;

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final boolean strict;
  private final int rejectionSamples;

  private StreamCsvReader(boolean strict, int rejectionSamples) {
    this.strict = strict;
    this.rejectionSamples = rejectionSamples;
  }

  /** A reader that skips malformed rows, counts them and keeps the first few. */
  public static StreamCsvReader lenient() {
    return new StreamCsvReader(false, DEFAULT_REJECTION_SAMPLES);
  }

  /** A reader for which the first malformed row is fatal. */
  public static StreamCsvReader strict() {
    return new StreamCsvReader(true, DEFAULT_REJECTION_SAMPLES);
  }

  /** A reader that is strict or not, as asked. */
  public static StreamCsvReader of(boolean strict) {
    return strict ? strict() : lenient();
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
    InputStream in = null;
    try {
      in = withoutByteOrderMark(Files.newInputStream(file));
      CsvReader<CsvRecord> csv = CsvReader.builder()
          .skipEmptyLines(true)
          // Rows of the wrong width are rejected here, by row, instead of ending the read.
          .allowMissingFields(true)
          .allowExtraFields(true)
          .ofCsvRecord(in, StandardCharsets.UTF_8);
      CloseableIterator<CsvRecord> rows = csv.iterator();
      OpenedInput opened = new OpenedInput(file, csv, rows, header(file, rows));
      in = null;
      return opened;
    } catch (IOException | UncheckedIOException | CsvParseException e) {
      throw failure(file, e);
    } finally {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // Opening already failed, and that is what is reported.
        }
      }
    }
  }

  /** An input file whose header has been read: its records are next. */
  public final class OpenedInput implements AutoCloseable {

    private final Path file;
    private final CsvReader<CsvRecord> csv;
    private final CloseableIterator<CsvRecord> rows;
    private final Columns columns;

    private OpenedInput(Path file, CsvReader<CsvRecord> csv, CloseableIterator<CsvRecord> rows,
        Columns columns) {
      this.file = file;
      this.csv = csv;
      this.rows = rows;
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
      try {
        return readRecords(sink);
      } catch (UncheckedIOException | CsvParseException e) {
        throw failure(file, e);
      }
    }

    private InputSummary readRecords(RowSink sink) throws InputException {
      long read = 0;
      long rejected = 0;
      List<RejectedRow> samples = new ArrayList<>(rejectionSamples);
      while (rows.hasNext()) {
        CsvRecord row = rows.next();
        try {
          columns.emit(row.getFields(), sink);
        } catch (RowRejectedException e) {
          RejectedRow bad =
              new RejectedRow(row.getStartingLineNumber(), withSpan(e.getMessage(), row));
          if (strict) {
            throw new MalformedRowException(file, bad);
          }
          rejected++;
          if (samples.size() < rejectionSamples) {
            samples.add(bad);
          }
          continue;
        }
        read++;
      }
      return new InputSummary(file, read, rejected, samples);
    }

    /** Closes the file. */
    @Override
    public void close() {
      try {
        csv.close();
      } catch (IOException e) {
        // Everything needed was read; a failed close loses nothing.
      }
    }
  }

  private static Columns header(Path file, CloseableIterator<CsvRecord> rows)
      throws InputException {
    if (!rows.hasNext()) {
      throw new InputException(file + ": the file is empty, expected a header row "
          + String.join(",", Columns.REQUIRED) + "," + Columns.GENRE);
    }
    CsvRecord header = rows.next();
    try {
      return Columns.fromHeader(header.getFields());
    } catch (IllegalArgumentException e) {
      throw new InputException(file + " line " + header.getStartingLineNumber() + ": "
          + e.getMessage());
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
    if (e instanceof CsvParseException parse) {
      return new InputException(file + ": not valid CSV: " + describe(parse), parse);
    }
    IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
    String why = Files.isDirectory(file)
        ? "it is a directory" : String.valueOf(cause.getMessage());
    return new InputException("cannot read input file " + file + ": " + why, cause);
  }

  /**
   * Skips a UTF-8 byte-order mark. FastCSV's own detection ({@code detectBomHeader}) is not
   * used: in 4.1.0 it garbles files shorter than four bytes into NUL characters.
   */
  private static InputStream withoutByteOrderMark(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(UTF8_BOM.length);
    if (!Arrays.equals(buffered.readNBytes(UTF8_BOM.length), UTF8_BOM)) {
      buffered.reset();
    }
    return buffered;
  }

  /**
   * Adds the lines a bad row spans when a quoted field holds line breaks: a lone quote
   * makes the parser swallow the following lines into one field, and this shows where.
   */
  private static String withSpan(String reason, CsvRecord row) {
    long breaks = 0;
    for (String field : row.getFields()) {
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '\n' || (c == '\r' && (i + 1 == field.length() || field.charAt(i + 1) != '\n'))) {
          breaks++;
        }
      }
    }
    if (breaks == 0) {
      return reason;
    }
    long first = row.getStartingLineNumber();
    return reason + " (the row spans lines " + first + "-" + (first + breaks)
        + " through quoted line breaks; check for an unbalanced quote)";
  }

  /** FastCSV wraps the parser's reason ("Unexpected character after closing quote") in a cause. */
  private static String describe(CsvParseException e) {
    String where = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null) {
      return where + ": " + cause.getMessage();
    }
    return where;
  }
}
