package org.musicanalytics.csv.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.musicanalytics.counting.WellFormedUtf8;

/**
 * Splits RFC 4180 CSV into rows of fields, as slices of bytes, without decoding text: the
 * one CSV parser of the client.
 *
 * <p>It reads the input in large chunks and hands out each row in place, in the chunk it
 * was read into, so that a caller can copy field bytes straight onward: a row is valid only
 * until the next call to {@link #next}. Lines are counted as they are in the file (LF, CRLF
 * and CR each end one), including those inside quoted fields.
 */
public final class CsvRowScanner implements Closeable {

  /** How many bytes one read asks for, by default. */
  public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
  /** The longest row accepted: a longer one is almost surely an unbalanced quote. */
  public static final int MAX_ROW_BYTES = 16 << 20;
  /** The most fields a row may have. */
  public static final int MAX_FIELDS = 16_384;

  private static final int NEED_MORE = -1;
  private static final byte QUOTE = '"';
  private static final byte COMMA = ',';
  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long COMMAS = ONES * COMMA;
  /** Bytes below this are control bytes, line ends among them. */
  private static final long BELOW_CONTROL = ONES * (CR + 1);

  private final InputStream in;
  private final int chunkBytes;
  private byte[] buffer;
  /** The first byte not yet scanned into a row. */
  private int position;
  /** The end of the bytes read. */
  private int limit;
  private boolean endOfInput;
  private boolean started;
  /** The previous row ended in CR: an LF right after it belongs to that line end. */
  private boolean skipLf;
  private long nextLine = 1;
  /** Bytes of the input before {@code buffer[0]}: offsets are counted from the input's start. */
  private long dropped;
  private long rowOffset;

  // The current row.
  private long line;
  private int breaks;
  private int fields;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean nonAscii;
  /** Fields holding doubled quotes, to be unescaped once the row is complete. */
  private int[] escaped = new int[4];
  private int escapedCount;

  /**
   * @param in the input, closed by {@link #close}
   * @param chunkBytes how many bytes one read asks for; rows longer than that still read
   *     whole (tests use tiny values to put chunk ends everywhere)
   */
  public CsvRowScanner(InputStream in, int chunkBytes) {
    this(in, chunkBytes, true);
  }

  /**
   * As {@link #CsvRowScanner(InputStream, int)}, for input that may start in the middle of a
   * file (a byte range of an object): a byte-order mark is skipped only when
   * {@code atFileStart}.
   */
  public CsvRowScanner(InputStream in, int chunkBytes, boolean atFileStart) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be positive, was " + chunkBytes);
    }
    this.in = in;
    this.chunkBytes = chunkBytes;
    this.buffer = new byte[Math.max(chunkBytes, 4)];
    this.started = !atFileStart;
  }

  /**
   * Moves to the next row that is not an empty line.
   *
   * @return false at the end of the input
   * @throws CsvSyntaxException if the input is not CSV here; the read cannot go on
   */
  public boolean next() throws IOException, CsvSyntaxException {
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    while (true) {
      if (position == limit && !fill()) {
        return false;
      }
      byte b = buffer[position];
      if (skipLf) {
        skipLf = false;
        if (b == LF) {
          position++;
          continue;
        }
      }
      if (b == LF || b == CR) {
        position++;
        nextLine++;
        skipLf = b == CR;
        continue;
      }
      int end;
      rowOffset = dropped + position;
      while ((end = scanRow(position)) == NEED_MORE) {
        fill();
      }
      unescape();
      line = nextLine;
      nextLine += breaks + 1;
      position = end;
      return true;
    }
  }

  /** The line the current row starts on, from 1. */
  public long line() {
    return line;
  }

  /** Where the current row starts, in bytes from the start of the input. */
  public long offset() {
    return rowOffset;
  }

  /** How many bytes of the input have been scanned: after the last row, its length. */
  public long offsetScanned() {
    return dropped + position;
  }

  /**
   * The line the next row would start on, from 1: after the last row, one more than the
   * lines read.
   */
  public long nextLine() {
    return nextLine;
  }

  /** How many line breaks the current row holds inside quoted fields. */
  public int lineBreaks() {
    return breaks;
  }

  /** How many fields the current row has. */
  public int fieldCount() {
    return fields;
  }

  /** The bytes the current row's fields are slices of. */
  public byte[] bytes() {
    return buffer;
  }

  /** Where field {@code i} (from 0) of the current row starts in {@link #bytes}. */
  public int start(int i) {
    return starts[i];
  }

  /** Where field {@code i} of the current row ends (exclusive) in {@link #bytes}. */
  public int end(int i) {
    return ends[i];
  }

  /** Field {@code i} of the current row as text (bytes that are not UTF-8 are replaced). */
  public String text(int i) {
    return new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  /** The current row's fields as text. */
  public List<String> texts() {
    List<String> texts = new ArrayList<>(fields);
    for (int i = 0; i < fields; i++) {
      texts.add(text(i));
    }
    return texts;
  }

  /** The first field (from 0) of the current row that is not well-formed UTF-8, or -1. */
  public int firstInvalidUtf8Field() {
    if (!nonAscii) {
      return -1;
    }
    for (int i = 0; i < fields; i++) {
      if (WellFormedUtf8.firstInvalid(buffer, starts[i], ends[i]) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Closes the input. */
  @Override
  public void close() throws IOException {
    in.close();
  }

  private void skipByteOrderMark() throws IOException, CsvSyntaxException {
    while (limit < 3 && !endOfInput) {
      fill();
    }
    if (limit >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB
        && buffer[2] == (byte) 0xBF) {
      position = 3;
    }
  }

  /**
   * Scans the row starting at {@code from}, recording its fields.
   *
   * @return where the next row starts, or {@link #NEED_MORE} when the row goes on past the
   *     bytes read so far (it is then scanned again from its start once more are read)
   */
  private int scanRow(int from) throws CsvSyntaxException {
    final byte[] b = buffer;
    final int end = limit;
    fields = 0;
    breaks = 0;
    nonAscii = false;
    escapedCount = 0;
    // Every byte of unquoted fields OR-ed together: a high bit means text beyond ASCII.
    long seen = 0;
    int p = from;
    while (true) {
      int fieldStart = p;
      if (p < end && b[p] == QUOTE) {
        // A quoted field: up to the quote that is not doubled.
        int q = p + 1;
        boolean doubled = false;
        while (true) {
          while (q < end) {
            byte c = b[q];
            if (c == QUOTE) {
              break;
            }
            // Bytes are signed: this one test catches line ends and every non-ASCII byte.
            if (c <= CR) {
              if (c < 0) {
                nonAscii = true;
              } else if (c == CR || (c == LF && b[q - 1] != CR)) {
                breaks++;
              }
            }
            q++;
          }
          if (q >= end) {
            if (!endOfInput) {
              return NEED_MORE;
            }
            // Still open at the end of the input: the field ends there.
            addField(fieldStart + 1, end, doubled);
            return rowEnd(end, seen);
          }
          if (q + 1 >= end && !endOfInput) {
            return NEED_MORE;
          }
          if (q + 1 < end && b[q + 1] == QUOTE) {
            doubled = true;
            q += 2;
            continue;
          }
          break;
        }
        addField(fieldStart + 1, q, doubled);
        p = q + 1;
        if (p >= end) {
          return rowEnd(end, seen);
        }
        byte c = b[p];
        if (c == COMMA) {
          p++;
          continue;
        }
        if (c == LF) {
          return rowEnd(p + 1, seen);
        }
        if (c == CR) {
          skipLf = true;
          return rowEnd(p + 1, seen);
        }
        throw new CsvSyntaxException("line " + nextLine + ": unexpected character "
            + describeCharAt(p) + " after closing quote of field " + fields
            + " (a quote inside a quoted field is written as two quotes)");
      }
      // An unquoted field: up to a comma or a line end, eight bytes at a time while it can.
      while (true) {
        if (p + Long.BYTES <= end) {
          long word = (long) LONGS.get(b, p);
          long found = commaOrControl(word);
          if (found == 0) {
            seen |= word;
            p += Long.BYTES;
            continue;
          }
          // The bytes before the first one found are ordinary: mark only those as seen.
          int skip = Long.numberOfTrailingZeros(found) >>> 3;
          seen |= word & ((1L << (skip << 3)) - 1);
          p += skip;
        } else {
          if (p >= end) {
            if (!endOfInput) {
              return NEED_MORE;
            }
            addField(fieldStart, p, false);
            return rowEnd(end, seen);
          }
          byte c = b[p];
          if (c != COMMA && (c & 0xFF) > CR) {
            seen |= c;
            p++;
            continue;
          }
        }
        // A comma, a line end or another control byte (a tab, say: text like any other).
        byte c = b[p];
        if (c == COMMA) {
          break;
        }
        if (c == LF || c == CR) {
          addField(fieldStart, p, false);
          skipLf = c == CR;
          return rowEnd(p + 1, seen);
        }
        p++;
      }
      addField(fieldStart, p, false);
      p++;
    }
  }

  private int rowEnd(int next, long seen) {
    if ((seen & HIGH_BITS) != 0) {
      nonAscii = true;
    }
    return next;
  }

  /**
   * The high bit of each byte of {@code word} (little-endian) that is a comma or at most
   * CR (line ends, other control bytes), exact up to the first such byte: bytes past it
   * may be flagged too, as the borrow of the subtraction runs on (the SWAR zero-byte test).
   */
  private static long commaOrControl(long word) {
    long commas = word ^ COMMAS;
    return ((commas - ONES) & ~commas | (word - BELOW_CONTROL) & ~word) & HIGH_BITS;
  }

  private void addField(int start, int end, boolean doubled)
      throws CsvSyntaxException {
    if (fields == starts.length) {
      if (fields == MAX_FIELDS) {
        throw new CsvSyntaxException("line " + nextLine + ": a row with more than "
            + MAX_FIELDS + " fields");
      }
      starts = Arrays.copyOf(starts, fields * 2);
      ends = Arrays.copyOf(ends, fields * 2);
    }
    if (doubled) {
      if (escapedCount == escaped.length) {
        escaped = Arrays.copyOf(escaped, escapedCount * 2);
      }
      escaped[escapedCount++] = fields;
    }
    starts[fields] = start;
    ends[fields] = end;
    fields++;
  }

  /**
   * Turns doubled quotes into one, in place. Done only once a row is complete: a row cut
   * by the end of a chunk is scanned again from its start, and must still read as written.
   */
  private void unescape() {
    for (int k = 0; k < escapedCount; k++) {
      int field = escaped[k];
      int from = starts[field];
      int to = ends[field];
      int out = from;
      for (int i = from; i < to; i++) {
        byte c = buffer[i];
        buffer[out++] = c;
        if (c == QUOTE && i + 1 < to && buffer[i + 1] == QUOTE) {
          i++;
        }
      }
      ends[field] = out;
    }
  }

  /**
   * Reads more input after the bytes read so far, first moving the unscanned bytes (the
   * start of a row cut by the end of a chunk) to the front, or growing the buffer when they
   * fill it.
   *
   * @return false when there is nothing more to read
   */
  private boolean fill() throws IOException, CsvSyntaxException {
    if (endOfInput) {
      return false;
    }
    int kept = limit - position;
    if (position > 0) {
      dropped += position;
      System.arraycopy(buffer, position, buffer, 0, kept);
      position = 0;
      limit = kept;
    }
    if (limit == buffer.length) {
      if (buffer.length >= MAX_ROW_BYTES) {
        throw new CsvSyntaxException("line " + nextLine + ": a row longer than "
            + (MAX_ROW_BYTES >> 20) + " MiB (check for an unbalanced quote)");
      }
      buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_ROW_BYTES));
    }
    int read = in.read(buffer, limit, Math.min(chunkBytes, buffer.length - limit));
    if (read < 0) {
      endOfInput = true;
      return false;
    }
    limit += read;
    return true;
  }

  /** The character at {@code p} for a message: {@code 'x' (U+0078)}. */
  private String describeCharAt(int p) {
    int to = Math.min(limit, p + 4);
    int bad = WellFormedUtf8.firstInvalid(buffer, p, to);
    if (bad == p) {
      return "byte 0x" + Integer.toHexString(buffer[p] & 0xFF);
    }
    int codePoint = new String(buffer, p, to - p, StandardCharsets.UTF_8).codePointAt(0);
    return "'" + Character.toString(codePoint) + "' (U+"
        + String.format("%04X", codePoint) + ")";
  }
}
