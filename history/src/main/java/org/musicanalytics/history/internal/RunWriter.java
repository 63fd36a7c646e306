package org.musicanalytics.history.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.musicanalytics.history.RunRecord;

/** Writes one run's rows, inside the caller's transaction. */
public final class RunWriter {

  /** Rows sent to the database per batch: bounds the batch's memory. */
  private static final int BATCH_ROWS = 5_000;

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
    String id = run.runId();
    Batch songs = new Batch(handle, Sql.INSERT_SONG);
    List<RunRecord.SongPlays> songList = run.songs();
    for (int rank = 0; rank < songList.size(); rank++) {
      songs.add(id, rank, songList.get(rank).key(), songList.get(rank).plays());
    }
    songs.finish();
    Batch genres = new Batch(handle, Sql.INSERT_GENRE);
    int genreRank = 0;
    for (Map.Entry<String, Long> genre : run.genres().entrySet()) {
      genres.add(id, genreRank++, genre.getKey(), genre.getValue());
    }
    genres.finish();
    Batch users = new Batch(handle, Sql.INSERT_USER);
    List<RunRecord.UserTotal> userList = run.users();
    for (int rank = 0; rank < userList.size(); rank++) {
      RunRecord.UserTotal user = userList.get(rank);
      users.add(id, rank, user.userId(), user.totalTime(), user.topArtist());
    }
    users.finish();
    positions(handle, Sql.INSERT_TOP_USER, id, run.topUsers());
    positions(handle, Sql.INSERT_TRENDING, id, run.trending());
    Batch recommendations = new Batch(handle, Sql.INSERT_RECOMMENDATION);
    run.recommendations().forEach((user, keys) -> {
      for (int position = 0; position < keys.size(); position++) {
        recommendations.add(id, user, position, keys.get(position));
      }
    });
    recommendations.finish();
    Batch days = new Batch(handle, Sql.INSERT_DAY);
    run.playsPerDay().forEach((day, plays) -> days.add(id, day, plays));
    days.finish();
    return true;
  }

  private static void positions(Handle handle, String sql, String id, List<String> values) {
    Batch batch = new Batch(handle, sql);
    for (int position = 0; position < values.size(); position++) {
      batch.add(id, position, values.get(position));
    }
    batch.finish();
  }

  /** A prepared batch sent every {@link #BATCH_ROWS} rows. */
  private static final class Batch {
    private final PreparedBatch batch;
    private int rows;

    Batch(Handle handle, String sql) {
      this.batch = handle.prepareBatch(sql);
    }

    void add(Object... values) {
      for (int i = 0; i < values.length; i++) {
        batch.bind(i, values[i]);
      }
      batch.add();
      if (++rows == BATCH_ROWS) {
        finish();
      }
    }

    void finish() {
      if (rows > 0) {
        batch.execute();
        rows = 0;
      }
    }
  }
}
