package org.musicanalytics.client.history;

import java.nio.file.Path;
import java.util.Map;
import org.musicanalytics.history.HistoryLocation;
import picocli.CommandLine.Option;

/** The options that name the history store: {@code --history URL} and {@code --no-history}. */
public final class HistoryOptions {

  @Option(names = "--history", paramLabel = "URL",
      description = "The run history: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=..; "
          + "default " + HistoryLocation.ENVIRONMENT + ", else <results>/"
          + HistoryLocation.DEFAULT_FILE + ".")
  String url;

  @Option(names = "--no-history", description = "Do not record the run in the history.")
  boolean off;

  /** Whether runs are recorded. */
  public boolean enabled() {
    return !off;
  }

  /**
   * The store's JDBC URL.
   *
   * @throws IllegalArgumentException if it names neither SQLite nor PostgreSQL
   */
  public String url(Map<String, String> environment, Path resultsDirectory) {
    return HistoryLocation.resolve(url, environment, resultsDirectory);
  }
}
