package org.musicanalytics.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.musicanalytics.history.internal.RunWriter;
import org.musicanalytics.history.internal.Sql;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The run history in a database: SQLite (a file, in WAL mode, so one process can record a
 * run while another reads) or PostgreSQL, with the same Flyway schema and the same Jdbi
 * queries on both. Thread-safe: each call takes its own connection.
 */
public final class HistoryStore {

  private final String shown;
  private final Jdbi jdbi;

  private HistoryStore(String shown, Jdbi jdbi) {
    this.shown = shown;
    this.jdbi = jdbi;
  }

  /**
   * Opens the store at {@code jdbcUrl}, creating or migrating its schema.
   *
   * @throws HistoryException if it cannot be reached or migrated
   */
  public static HistoryStore open(String jdbcUrl) {
    String shown = HistoryLocation.shown(jdbcUrl);
    try {
      DataSource dataSource = dataSource(jdbcUrl);
      Flyway.configure().dataSource(dataSource).locations("classpath:db/history").load()
          .migrate();
      return new HistoryStore(shown, Jdbi.create(dataSource));
    } catch (RuntimeException | java.io.IOException e) {
      throw new HistoryException(shown, "opening", e);
    }
  }

  private static DataSource dataSource(String url) throws java.io.IOException {
    Optional<Path> file = HistoryLocation.sqliteFile(url);
    if (file.isPresent()) {
      Path parent = file.get().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(30_000);
      config.enforceForeignKeys(true);
      SQLiteDataSource sqlite = new SQLiteDataSource(config);
      sqlite.setUrl(url);
      return sqlite;
    }
    PGSimpleDataSource postgres = new PGSimpleDataSource();
    postgres.setURL(url);
    postgres.setReWriteBatchedInserts(true);
    return postgres;
  }

  /**
   * Loads and runs once, touching no store, what opening and writing one needs (Flyway,
   * Jdbi, the SQLite driver on an in-memory database; for PostgreSQL, its driver, and
   * Flyway reading the server's schema history without changing it): started while a run
   * goes on, so that the recording at its end does not pay for it. Best effort: a failure
   * here is left for the real opening to report.
   */
  public static void warmUp(String jdbcUrl) {
    try {
      if (HistoryLocation.sqliteFile(jdbcUrl).isPresent()) {
        HistoryStore store = open("jdbc:sqlite::memory:");
        store.jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      } else {
        DataSource dataSource = dataSource(jdbcUrl);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/history")
            .createSchemas(false).load().info();
        Class.forName(org.postgresql.copy.CopyManager.class.getName());
      }
    } catch (RuntimeException | java.io.IOException | ClassNotFoundException e) {
      // The recording opens the store for real and reports what fails then.
    }
  }

  /** The store as named in messages. */
  public String shown() {
    return shown;
  }

  /**
   * Records {@code run} in one transaction, unless a run of that id is recorded already.
   *
   * @return true if recorded now, false if it was already
   * @throws HistoryException if the store cannot be written; nothing of the run is kept
   */
  public boolean record(RunRecord run) {
    try (PendingRun pending = write(run)) {
      return pending.commit();
    }
  }

  /**
   * Writes {@code run} in a transaction of its own, unless a run of that id is recorded
   * already, and leaves it to the caller to commit or drop: so that a run can be written
   * while its results file is, and kept only if that file was.
   *
   * @throws HistoryException if the store cannot be written; nothing of the run is kept
   */
  public PendingRun write(RunRecord run) {
    String doing = "recording run " + run.runId();
    Handle handle;
    try {
      handle = jdbi.open();
    } catch (RuntimeException e) {
      throw new HistoryException(shown, doing, e);
    }
    try {
      handle.begin();
      boolean written = RunWriter.write(handle, run, Instant.now());
      return new PendingRun(shown, run.runId(), handle, written);
    } catch (RuntimeException e) {
      try (handle) {
        handle.rollback();
      } catch (RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw new HistoryException(shown, doing, e);
    }
  }

  /** How many runs are recorded. */
  public int runCount() {
    return call("counting runs", h -> h.createQuery(Sql.COUNT_RUNS).mapTo(Integer.class).one());
  }

  /** Runs, newest first, from {@code offset}, at most {@code limit}. */
  public List<RunSummary> runs(int offset, int limit) {
    return call("listing runs", h -> h.createQuery(Sql.RUNS).bind("offset", offset)
        .bind("limit", limit).map(Sql::summary).list());
  }

  /** The run of {@code runId}. */
  public Optional<RunSummary> run(String runId) {
    return call("reading run " + runId, h -> h.createQuery(Sql.RUN).bind("id", runId)
        .map(Sql::summary).findOne());
  }

  /** The newest run. */
  public Optional<RunSummary> latest() {
    return runs(0, 1).stream().findFirst();
  }

  /** The results document the run wrote. */
  public Optional<String> resultsJson(String runId) {
    return call("reading run " + runId, h -> h.createQuery(Sql.RESULTS).bind("id", runId)
        .mapTo(String.class).findOne());
  }

  /** The run's songs by rank, from {@code offset}, at most {@code limit}. */
  public List<RunRecord.SongPlays> songs(String runId, int offset, int limit) {
    return call("reading songs of " + runId, h -> h.createQuery(Sql.SONGS).bind("id", runId)
        .bind("offset", offset).bind("limit", limit)
        .map((rs, ctx) -> new RunRecord.SongPlays(rs.getString(1), rs.getLong(2))).list());
  }

  /** The run's users in the results' order, from {@code offset}, at most {@code limit}. */
  public List<RunRecord.UserTotal> users(String runId, int offset, int limit) {
    return call("reading users of " + runId, h -> h.createQuery(Sql.USERS).bind("id", runId)
        .bind("offset", offset).bind("limit", limit).map(Sql::user).list());
  }

  /** The run's user of {@code userId}. */
  public Optional<RunRecord.UserTotal> user(String runId, String userId) {
    return call("reading users of " + runId, h -> h.createQuery(Sql.USER).bind("id", runId)
        .bind("user", userId).map(Sql::user).findOne());
  }

  /** Plays per genre, by rank. */
  public Map<String, Long> genres(String runId) {
    return call("reading genres of " + runId, h -> counts(h, Sql.GENRES, runId));
  }

  /** Plays per day, in date order, {@code unknown} last. */
  public Map<String, Long> playsPerDay(String runId) {
    return call("reading days of " + runId, h -> counts(h, Sql.DAYS, runId));
  }

  /** Top users by rank. */
  public List<String> topUsers(String runId) {
    return call("reading top users of " + runId, h -> h.createQuery(Sql.TOP_USERS)
        .bind("id", runId).mapTo(String.class).list());
  }

  /** Trending songs by rank. */
  public List<String> trending(String runId) {
    return call("reading trending of " + runId, h -> h.createQuery(Sql.TRENDING)
        .bind("id", runId).mapTo(String.class).list());
  }

  /** The songs recommended to {@code userId}, by rank. */
  public List<String> recommendations(String runId, String userId) {
    return call("reading recommendations of " + runId, h -> h
        .createQuery(Sql.RECOMMENDATIONS).bind("id", runId).bind("user", userId)
        .mapTo(String.class).list());
  }

  /** Total seconds listened and number of users: the users' listening in sum. */
  public long[] listening(String runId) {
    return call("reading users of " + runId, h -> h.createQuery(Sql.LISTENING)
        .bind("id", runId).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  /**
   * The rank (from 1) and plays in run {@code runId} of each song in the top {@code top} of
   * run {@code a} or run {@code b}, by key; a song the run does not have is absent.
   */
  public Map<String, long[]> songRanks(String runId, String a, String b, int top) {
    return call("reading songs of " + runId, h -> {
      Map<String, long[]> ranks = new LinkedHashMap<>();
      h.createQuery(Sql.SONG_RANKS).bind("id", runId).bind("a", a).bind("b", b)
          .bind("top", top)
          .map((rs, ctx) -> Map.entry(rs.getString(1),
              new long[] {rs.getLong(2) + 1, rs.getLong(3)}))
          .forEach(entry -> ranks.put(entry.getKey(), entry.getValue()));
      return ranks;
    });
  }

  /**
   * How many users are in run {@code a} only, and how many in run {@code b} only.
   */
  public long[] usersOnlyIn(String a, String b) {
    return call("comparing users of " + a + " and " + b, h -> {
      long both = h.createQuery(Sql.USERS_IN_BOTH).bind("id", a).bind("other", b)
          .mapTo(Long.class).one();
      return new long[] {userCount(h, a) - both, userCount(h, b) - both};
    });
  }

  private static long userCount(Handle handle, String runId) {
    return handle.createQuery(Sql.USER_COUNT).bind("id", runId).mapTo(Long.class).one();
  }

  private static Map<String, Long> counts(Handle handle, String sql, String runId) {
    Map<String, Long> counts = new LinkedHashMap<>();
    handle.createQuery(sql).bind("id", runId)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
    return counts;
  }

  private <T> T call(String doing, Function<Handle, T> work) {
    try {
      return jdbi.withHandle(work::apply);
    } catch (HistoryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HistoryException(shown, doing, e);
    }
  }
}
