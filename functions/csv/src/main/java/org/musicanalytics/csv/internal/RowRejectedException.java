package org.musicanalytics.csv.internal;

/**
 * A row that does not make a stream record. Expected on bad input and handled by the
 * reader, so it carries no stack trace.
 */
public final class RowRejectedException extends Exception {

  public RowRejectedException(String reason) {
    super(reason, null, false, false);
  }
}
