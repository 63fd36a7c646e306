package org.musicanalytics.csv.internal;

/**
 * Input that is not CSV at all (text after a closing quote, a row beyond the size limits):
 * the scanner cannot tell where the next row starts, so the read ends. The message names
 * the line the row starts on.
 */
public final class CsvSyntaxException extends Exception {

  public CsvSyntaxException(String message) {
    super(message);
  }
}
