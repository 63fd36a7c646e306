package org.musicanalytics.csv;

/**
 * A data row the reader refused.
 *
 * @param line the physical line of the file the row starts on, counting from 1 (a quoted
 *     field with a line break makes a row span several lines)
 * @param reason what is wrong with it, e.g. {@code duration 'abc' is not an integer}
 */
public record RejectedRow(long line, String reason) {

  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
