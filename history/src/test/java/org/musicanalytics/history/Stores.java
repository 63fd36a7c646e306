package org.musicanalytics.history;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test fixture: a store of each kind. A SQLite file in a temporary directory; a schema of
 * its own on the PostgreSQL server at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}), dropped afterwards. Without that server the PostgreSQL tests are
 * skipped, unless {@code MUSIC_ANALYTICS_REQUIRE_POSTGRES=1}, when they fail.
 */
public final class Stores {

  /** The test server's database. */
  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";

  private Stores() {}

  /** A SQLite store in {@code directory}. */
  public static String sqlite(Path directory) {
    return "jdbc:sqlite:" + directory.resolve("history.db");
  }

  /** A PostgreSQL schema of its own; close it to drop it. */
  public static final class PostgresSchema implements AutoCloseable {
    private final String schema;

    private PostgresSchema(String schema) {
      this.schema = schema;
    }

    /** Creates the schema, or skips the test when the server cannot be reached. */
    public static PostgresSchema create() {
      String schema = "history_test_" + Long.toHexString(ThreadLocalRandom.current()
          .nextLong() & Long.MAX_VALUE);
      try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
          Statement statement = connection.createStatement()) {
        // The name is made here of hex digits, and DDL takes no parameters.
        statement.execute("CREATE SCHEMA " + schema);
      } catch (SQLException e) {
        assumeThat(System.getenv("MUSIC_ANALYTICS_REQUIRE_POSTGRES"))
            .as("PostgreSQL at %s unreachable: %s", SERVER, e.getMessage())
            .isNotEqualTo("1");
        assumeThat(false).as("PostgreSQL at %s unreachable: %s", SERVER, e.getMessage())
            .isTrue();
      }
      return new PostgresSchema(schema);
    }

    /** The store's URL: the schema as the connections' current schema. */
    public String url() {
      return SERVER + "?user=" + USER + "&currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
      try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
