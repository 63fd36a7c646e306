package org.musicanalytics.history.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows sent with PostgreSQL's {@code COPY ... FROM STDIN} in its text format: values
 * separated by tabs, rows by newlines, and in a text value the backslash, tab, newline and
 * carriage return escaped with a backslash, so that no value can end its column or row. The
 * data is not SQL: it is never parsed as a statement.
 */
final class CopyRows implements TableRows {

  /** Bytes gathered before they are sent. */
  private static final int CHUNK = 1 << 16;

  private final CopyIn copy;
  private byte[] buffer = new byte[CHUNK + 1024];
  private int length;
  private boolean rowStarted;

  CopyRows(CopyManager copyManager, String copySql) throws SQLException {
    this.copy = copyManager.copyIn(copySql);
  }

  @Override
  public TableRows text(String value) throws SQLException {
    separate();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> escaped('\\');
        case '\t' -> escaped('t');
        case '\n' -> escaped('n');
        case '\r' -> escaped('r');
        case '\0' -> throw new SQLException("a text value holds the character U+0000, which "
            + "PostgreSQL's text cannot store");
        default -> {
          if (c < 0x80) {
            put((byte) c);
          } else {
            int end = i + 1;
            while (end < value.length() && value.charAt(end) >= 0x80) {
              end++;
            }
            for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
              put(b);
            }
            i = end - 1;
          }
        }
      }
    }
    return this;
  }

  @Override
  public TableRows number(long value) throws SQLException {
    separate();
    String digits = Long.toString(value);
    for (int i = 0; i < digits.length(); i++) {
      put((byte) digits.charAt(i));
    }
    return this;
  }

  @Override
  public void end() throws SQLException {
    put((byte) '\n');
    rowStarted = false;
    if (length >= CHUNK) {
      send();
    }
  }

  @Override
  public void close() throws SQLException {
    boolean ended = false;
    try {
      send();
      copy.endCopy();
      ended = true;
    } finally {
      if (!ended && copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private void separate() {
    if (rowStarted) {
      put((byte) '\t');
    }
    rowStarted = true;
  }

  private void escaped(char c) {
    put((byte) '\\');
    put((byte) c);
  }

  private void put(byte b) {
    if (length == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    buffer[length++] = b;
  }

  private void send() throws SQLException {
    if (length > 0) {
      copy.writeToCopy(buffer, 0, length);
      length = 0;
    }
  }
}
