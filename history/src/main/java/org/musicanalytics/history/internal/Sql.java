package org.musicanalytics.history.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;
import org.musicanalytics.history.RunRecord;
import org.musicanalytics.history.RunSummary;

/**
 * The history's SQL, every value a bound parameter, portable between SQLite and
 * PostgreSQL; and the mapping of its rows.
 */
public final class Sql {

  private static final String SUMMARY_COLUMNS = "run_id, computed_at, target, input_path, "
      + "records_read, rows_rejected, mapreduce_time, userbehavior_time, genre_time, "
      + "recommendation_time, total_workflow_time, record_shards, user_shards, song_count, "
      + "user_count";

  public static final String COUNT_RUNS = "SELECT COUNT(*) FROM runs";
  public static final String RUNS = "SELECT " + SUMMARY_COLUMNS + " FROM runs "
      + "ORDER BY computed_at DESC, run_id DESC LIMIT :limit OFFSET :offset";
  public static final String RUN = "SELECT " + SUMMARY_COLUMNS + " FROM runs "
      + "WHERE run_id = :id";
  public static final String RESULTS = "SELECT results_json FROM runs WHERE run_id = :id";
  public static final String SONGS = "SELECT song_key, plays FROM run_songs "
      + "WHERE run_id = :id ORDER BY song_rank LIMIT :limit OFFSET :offset";
  /** The rank and plays in run :id of each song in the top :top of run :a or run :b. */
  public static final String SONG_RANKS = "SELECT song_key, song_rank, plays FROM run_songs "
      + "WHERE run_id = :id AND song_key IN (SELECT song_key FROM run_songs "
      + "WHERE run_id IN (:a, :b) AND song_rank < :top)";
  public static final String USERS = "SELECT user_id, total_time, top_artist FROM run_users "
      + "WHERE run_id = :id ORDER BY user_rank LIMIT :limit OFFSET :offset";
  public static final String USER = "SELECT user_id, total_time, top_artist FROM run_users "
      + "WHERE run_id = :id AND user_id = :user";
  public static final String LISTENING = "SELECT COALESCE(SUM(total_time), 0), COUNT(*) "
      + "FROM run_users WHERE run_id = :id";
  public static final String USER_COUNT = "SELECT COUNT(*) FROM run_users WHERE run_id = :id";
  // One set operation for both directions, not a correlated NOT EXISTS per direction: there
  // is no index by user id to probe (V3), and a user id is once in a run.
  public static final String USERS_IN_BOTH = "SELECT COUNT(*) FROM (SELECT user_id "
      + "FROM run_users WHERE run_id = :id INTERSECT SELECT user_id FROM run_users "
      + "WHERE run_id = :other) in_both";
  public static final String GENRES = "SELECT genre, plays FROM run_genres WHERE run_id = :id "
      + "ORDER BY genre_rank";
  public static final String DAYS = "SELECT day, plays FROM run_days WHERE run_id = :id "
      + "ORDER BY day";
  public static final String TOP_USERS = "SELECT user_id FROM run_top_users "
      + "WHERE run_id = :id ORDER BY position";
  public static final String TRENDING = "SELECT song_key FROM run_trending "
      + "WHERE run_id = :id ORDER BY position";
  public static final String RECOMMENDATIONS = "SELECT song_key FROM run_recommendations "
      + "WHERE run_id = :id AND user_id = :user ORDER BY position";

  static final String INSERT_RUN = "INSERT INTO runs (run_id, computed_at, recorded_at, "
      + "target, workflow, input_path, input_size_bytes, input_last_modified, input_crc32c, "
      + "records_read, rows_rejected, mapreduce_time, userbehavior_time, genre_time, "
      + "recommendation_time, total_workflow_time, record_shards, user_shards, song_count, "
      + "user_count, results_json) VALUES (:runId, :computedAt, :recordedAt, :target, "
      + ":workflow, :path, :sizeBytes, :lastModified, :crc32c, :recordsRead, :rowsRejected, "
      + ":mapReduce, :userBehavior, :genres, :recommendation, :total, :recordShards, "
      + ":userShards, :songCount, :userCount, :json) ON CONFLICT (run_id) DO NOTHING";
  static final String INSERT_SONG = "INSERT INTO run_songs (run_id, song_rank, song_key, "
      + "plays) VALUES (?, ?, ?, ?)";
  static final String INSERT_GENRE = "INSERT INTO run_genres (run_id, genre_rank, genre, "
      + "plays) VALUES (?, ?, ?, ?)";
  static final String INSERT_USER = "INSERT INTO run_users (run_id, user_rank, user_id, "
      + "total_time, top_artist) VALUES (?, ?, ?, ?, ?)";
  static final String INSERT_TOP_USER = "INSERT INTO run_top_users (run_id, position, "
      + "user_id) VALUES (?, ?, ?)";
  static final String INSERT_TRENDING = "INSERT INTO run_trending (run_id, position, "
      + "song_key) VALUES (?, ?, ?)";
  static final String INSERT_RECOMMENDATION = "INSERT INTO run_recommendations (run_id, "
      + "user_id, position, song_key) VALUES (?, ?, ?, ?)";
  static final String INSERT_DAY = "INSERT INTO run_days (run_id, day, plays) "
      + "VALUES (?, ?, ?)";

  // PostgreSQL's bulk path for the same rows, the columns in the same order (CopyRows).
  static final String COPY_SONGS = "COPY run_songs (run_id, song_rank, song_key, plays) "
      + "FROM STDIN";
  static final String COPY_GENRES = "COPY run_genres (run_id, genre_rank, genre, plays) "
      + "FROM STDIN";
  static final String COPY_USERS = "COPY run_users (run_id, user_rank, user_id, total_time, "
      + "top_artist) FROM STDIN";
  static final String COPY_TOP_USERS = "COPY run_top_users (run_id, position, user_id) "
      + "FROM STDIN";
  static final String COPY_TRENDING = "COPY run_trending (run_id, position, song_key) "
      + "FROM STDIN";
  static final String COPY_RECOMMENDATIONS = "COPY run_recommendations (run_id, user_id, "
      + "position, song_key) FROM STDIN";
  static final String COPY_DAYS = "COPY run_days (run_id, day, plays) FROM STDIN";

  private Sql() {}

  /** A row of {@link #RUNS} or {@link #RUN}. */
  public static RunSummary summary(ResultSet rs, StatementContext context) throws SQLException {
    return new RunSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getLong(5), rs.getLong(6), new RunRecord.StageSeconds(rs.getDouble(7),
            rs.getDouble(8), rs.getDouble(9), rs.getDouble(10), rs.getDouble(11)),
        rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15));
  }

  /** A row of {@link #USERS} or {@link #USER}. */
  public static RunRecord.UserTotal user(ResultSet rs, StatementContext context)
      throws SQLException {
    return new RunRecord.UserTotal(rs.getString(1), rs.getLong(2), rs.getString(3));
  }
}
