package org.musicanalytics.history.internal;

import java.sql.SQLException;

/**
 * Rows going into one table, value by value in the table's column order; {@link #close}
 * sends what is left.
 */
interface TableRows extends AutoCloseable {

  /** The next column's value, text. */
  TableRows text(String value) throws SQLException;

  /** The next column's value, a whole number. */
  TableRows number(long value) throws SQLException;

  /** Ends the row. */
  void end() throws SQLException;

  /** Sends the rows not sent yet. */
  @Override
  void close() throws SQLException;
}
