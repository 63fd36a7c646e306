package org.musicanalytics.history.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.musicanalytics.history.RunRecord;
import org.postgresql.PGConnection;

/**
 * Writes one run's rows, inside the caller's transaction: the run's own row through Jdbi,
 * the results' rows through each store's bulk path ({@link TableRows}).
 */
public final class RunWriter {

  private RunWriter() {}

  /**
   * Writes {@code run}, unless its id is recorded already.
   *
   * @return true if written, false if the run was there
   */
  public static boolean write(Handle handle, RunRecord run, Instant recordedAt) {
    RunRecord.Input input = run.input();
    RunRecord.StageSeconds seconds = run.seconds();
    int inserted = handle.createUpdate(Sql.INSERT_RUN)
        .bind("runId", run.runId())
        .bind("computedAt", run.computedAt())
        .bind("recordedAt", recordedAt.truncatedTo(ChronoUnit.MILLIS).toString())
        .bind("target", run.target())
        .bind("workflow", run.workflow())
        .bind("path", input.path())
        .bind("sizeBytes", input.sizeBytes())
        .bind("lastModified", input.lastModified())
        .bind("crc32c", input.crc32c())
        .bind("recordsRead", input.recordsRead())
        .bind("rowsRejected", input.rowsRejected())
        .bind("mapReduce", seconds.mapReduce())
        .bind("userBehavior", seconds.userBehavior())
        .bind("genres", seconds.genres())
        .bind("recommendation", seconds.recommendation())
        .bind("total", seconds.total())
        .bind("recordShards", run.recordShards())
        .bind("userShards", run.userShards())
        .bind("songCount", run.songs().size())
        .bind("userCount", run.users().size())
        .bind("json", run.resultsJson())
        .execute();
    if (inserted == 0) {
      return false;
    }
    try {
      writeRows(handle.getConnection(), run);
    } catch (SQLException e) {
      throw new IllegalStateException("writing the run's rows: " + e.getMessage(), e);
    }
    return true;
  }

  private static void writeRows(Connection connection, RunRecord run) throws SQLException {
    PGConnection postgres = connection.isWrapperFor(PGConnection.class)
        ? connection.unwrap(PGConnection.class) : null;
    String id = run.runId();
    try (TableRows songs = rows(connection, postgres, Table.SONGS)) {
      List<RunRecord.SongPlays> songList = run.songs();
      for (int rank = 0; rank < songList.size(); rank++) {
        RunRecord.SongPlays song = songList.get(rank);
        songs.text(id).number(rank).text(song.key()).number(song.plays()).end();
      }
    }
    try (TableRows genres = rows(connection, postgres, Table.GENRES)) {
      int rank = 0;
      for (Map.Entry<String, Long> genre : run.genres().entrySet()) {
        genres.text(id).number(rank++).text(genre.getKey()).number(genre.getValue()).end();
      }
    }
    try (TableRows users = rows(connection, postgres, Table.USERS)) {
      List<RunRecord.UserTotal> userList = run.users();
      for (int rank = 0; rank < userList.size(); rank++) {
        RunRecord.UserTotal user = userList.get(rank);
        users.text(id).number(rank).text(user.userId()).number(user.totalTime())
            .text(user.topArtist()).end();
      }
    }
    positions(rows(connection, postgres, Table.TOP_USERS), id, run.topUsers());
    positions(rows(connection, postgres, Table.TRENDING), id, run.trending());
    try (TableRows recommendations = rows(connection, postgres, Table.RECOMMENDATIONS)) {
      for (Map.Entry<String, List<String>> user : run.recommendations().entrySet()) {
        List<String> keys = user.getValue();
        for (int position = 0; position < keys.size(); position++) {
          recommendations.text(id).text(user.getKey()).number(position)
              .text(keys.get(position)).end();
        }
      }
    }
    try (TableRows days = rows(connection, postgres, Table.DAYS)) {
      for (Map.Entry<String, Long> day : run.playsPerDay().entrySet()) {
        days.text(id).text(day.getKey()).number(day.getValue()).end();
      }
    }
  }

  private static void positions(TableRows rows, String id, List<String> values)
      throws SQLException {
    try (rows) {
      for (int position = 0; position < values.size(); position++) {
        rows.text(id).number(position).text(values.get(position)).end();
      }
    }
  }

  /** PostgreSQL's COPY where the connection is PostgreSQL's, prepared batches elsewhere. */
  private static TableRows rows(Connection connection, PGConnection postgres, Table table)
      throws SQLException {
    return postgres != null ? new CopyRows(postgres.getCopyAPI(), table.copy)
        : new BatchRows(connection, table.insert);
  }

  /** The tables of a run's results, with the statements that fill them. */
  private enum Table {
    SONGS(Sql.INSERT_SONG, Sql.COPY_SONGS),
    GENRES(Sql.INSERT_GENRE, Sql.COPY_GENRES),
    USERS(Sql.INSERT_USER, Sql.COPY_USERS),
    TOP_USERS(Sql.INSERT_TOP_USER, Sql.COPY_TOP_USERS),
    TRENDING(Sql.INSERT_TRENDING, Sql.COPY_TRENDING),
    RECOMMENDATIONS(Sql.INSERT_RECOMMENDATION, Sql.COPY_RECOMMENDATIONS),
    DAYS(Sql.INSERT_DAY, Sql.COPY_DAYS);

    final String insert;
    final String copy;

    Table(String insert, String copy) {
      this.insert = insert;
      this.copy = copy;
    }
  }
}
