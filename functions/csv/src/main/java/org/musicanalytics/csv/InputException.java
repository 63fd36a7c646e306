package org.musicanalytics.csv;

/**
 * An input file that cannot be used at all: missing, unreadable, not CSV, without the
 * required header columns, or (in strict mode) with a malformed row. The message is one
 * line that names the file and, where there is one, the line.
 */
public class InputException extends Exception {

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
