package org.musicanalytics.csv;

import java.nio.file.Path;

/** In strict mode, the first malformed row, which ends the read. */
public class MalformedRowException extends InputException {

  private final transient RejectedRow row;

  public MalformedRowException(Path file, RejectedRow row) {
    this(file.toString(), row);
  }

  /** The first malformed row of the input named {@code input} (a path or an S3 URI). */
  public MalformedRowException(String input, RejectedRow row) {
    super(input + " line " + row.line() + ": " + row.reason()
        + " (strict mode stops at the first malformed row)");
    this.row = row;
  }

  /** The row, its line and what is wrong with it. */
  public RejectedRow row() {
    return row;
  }
}
