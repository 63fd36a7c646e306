package org.musicanalytics.history.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Rows as one prepared statement's batches, straight on the connection (Jdbi's batch
 * binds each value through its argument factories, a cost per value that shows at hundreds
 * of thousands of rows).
 */
final class BatchRows implements TableRows {

  /** Rows sent to the database per batch: bounds the batch's memory. */
  private static final int BATCH_ROWS = 5_000;

  private final PreparedStatement statement;
  private int column;
  private int rows;

  BatchRows(Connection connection, String insert) throws SQLException {
    this.statement = connection.prepareStatement(insert);
  }

  @Override
  public TableRows text(String value) throws SQLException {
    statement.setString(++column, value);
    return this;
  }

  @Override
  public TableRows number(long value) throws SQLException {
    statement.setLong(++column, value);
    return this;
  }

  @Override
  public void end() throws SQLException {
    statement.addBatch();
    column = 0;
    if (++rows == BATCH_ROWS) {
      statement.executeBatch();
      rows = 0;
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      if (rows > 0) {
        statement.executeBatch();
      }
    } finally {
      statement.close();
    }
  }
}
