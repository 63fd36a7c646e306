package org.musicanalytics.csv;

import java.nio.file.Path;

/** In strict mode, the first malformed row, which ends the read. */
public class MalformedRowException extends InputException {

  private final transient RejectedRow row;

  public MalformedRowException(Path file, RejectedRow row) {
    super(file + " line " + row.line() + ": " + row.reason()
        + " (strict mode stops at the first malformed row)");
    this.row = row;
  }

  /** The row, its line and what is wrong with it. */
  public RejectedRow row() {
    return row;
  }
}
