package org.musicanalytics.history;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the history is kept: the JDBC URL named by {@code --history} or, failing that, by
 * the environment variable {@value #ENVIRONMENT}; else the SQLite file
 * {@code <results dir>/history.db}.
 */
public final class HistoryLocation {

  /** The environment variable that names the store. */
  public static final String ENVIRONMENT = "MUSIC_ANALYTICS_HISTORY";

  /** The default store's file name in the results directory. */
  public static final String DEFAULT_FILE = "history.db";

  private static final String SQLITE = "jdbc:sqlite:";

  private HistoryLocation() {}

  /**
   * The store's JDBC URL.
   *
   * @param flag the {@code --history} value, or null
   * @param environment the process environment
   * @param resultsDirectory the run's results directory
   * @throws IllegalArgumentException if the URL names neither SQLite nor PostgreSQL
   */
  public static String resolve(String flag, Map<String, String> environment,
      Path resultsDirectory) {
    String url = flag != null ? flag : environment.get(ENVIRONMENT);
    if (url == null || url.isBlank()) {
      return "jdbc:sqlite:" + resultsDirectory.resolve(DEFAULT_FILE).toAbsolutePath();
    }
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("the history store must be jdbc:sqlite:FILE or "
          + "jdbc:postgresql://HOST/DATABASE, not '" + shown(url) + "'");
    }
    return url;
  }

  /** The SQLite file {@code url} names, if it names one (the path before any query). */
  public static Optional<Path> sqliteFile(String url) {
    if (!url.startsWith(SQLITE)) {
      return Optional.empty();
    }
    String file = url.substring(SQLITE.length());
    int query = file.indexOf('?');
    return Optional.of(Path.of(query < 0 ? file : file.substring(0, query)));
  }

  /**
   * The store as named in messages: the URL without its query, which may hold a user and a
   * password.
   */
  public static String shown(String url) {
    int query = url.indexOf('?');
    String shown = query < 0 ? url : url.substring(0, query);
    return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
  }
}
