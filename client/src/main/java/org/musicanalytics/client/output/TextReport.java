package org.musicanalytics.client.output;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.musicanalytics.client.input.InputSummary;
import org.musicanalytics.client.input.RejectedRow;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.UserStat;

/**
 * The run's results as text for a person: the same figures as the results file, with long
 * per-user lists cut short (the file has them all).
 */
public final class TextReport {

  /** Per-user sections list at most this many users. */
  static final int MAX_USERS_SHOWN = 20;

  /** Plays per day lists at most this many days. */
  static final int MAX_DAYS_SHOWN = 31;

  private TextReport() {}

  /** Prints the full report. */
  public static void print(PrintWriter out, String target, InputSummary input,
      PipelineResult result, ResultsFile results) {
    out.printf("Music analytics: %s (target %s)%n", input.path(), target);
    printInput(out, input);

    Map<String, Long> plays = result.playCounts().getPlayCountsMap();
    out.printf("%nTop songs (plays)%n");
    List<String> top = Ranking.top(plays, ResultsDocument.TOP_SONGS);
    for (int i = 0; i < top.size(); i++) {
      out.printf("  %2d. %-40s %6d%n", i + 1, top.get(i), plays.get(top.get(i)));
    }

    Map<String, Long> days = ResultsDocument.playsPerDay(result);
    out.printf("%nPlays per day (UTC, %d days)%n", days.size());
    days.entrySet().stream().limit(MAX_DAYS_SHOWN)
        .forEach(day -> out.printf("  %-12s %8d%n", day.getKey(), day.getValue()));
    if (days.size() > MAX_DAYS_SHOWN) {
      out.printf("  ... and %d more days (all in the results file)%n",
          days.size() - MAX_DAYS_SHOWN);
    }

    List<UserStat> users = result.userStats().getUserStatsList();
    out.printf("%nUser activity (%d users)%n", users.size());
    out.printf("  %-12s %12s  %s%n", "user", "total time", "top artist");
    for (UserStat user : users.subList(0, Math.min(users.size(), MAX_USERS_SHOWN))) {
      out.printf("  %-12s %10d s  %s%n",
          user.getUserId(), user.getTotalTime(), user.getTopArtist());
    }
    more(out, users.size());
    out.printf("Top users: %s%n", String.join(", ", result.userStats().getTopUsersList()));

    Map<String, Long> genres = result.genres().getGenreCountsMap();
    out.printf("%nGenres (plays)%n");
    for (String genre : result.genres().getTopGenresList()) {
      out.printf("  %-20s %6d%n", genre.isEmpty() ? "(none)" : genre, genres.get(genre));
    }

    out.printf("%nTrending: %s%n",
        String.join(", ", result.recommendations().getTrendingSongsList()));
    out.printf("Recommendations%n");
    int shown = 0;
    for (UserStat user : users) {
      if (shown++ == MAX_USERS_SHOWN) {
        break;
      }
      var picks = result.recommendations().getRecommendationsMap().get(user.getUserId());
      out.printf("  %-12s %s%n", user.getUserId(),
          picks == null ? "(none)" : String.join(", ", picks.getValuesList()));
    }
    more(out, users.size());

    out.printf("%nStage times (seconds)   call   service%n");
    for (Stage stage : Stage.values()) {
      out.printf(Locale.ROOT, "  %-18s %9.4f %9.4f%n", stage.displayName(),
          result.callSeconds().get(stage), result.processingSeconds(stage));
    }
    out.printf(Locale.ROOT, "  %-18s %9.4f%n", "Total workflow", result.totalSeconds());
    out.printf("Calls: %d shard(s) of records, %d shard(s) of users%n", result.recordShards(),
        result.userShards());
    out.printf("%nResults written to %s%n", results.path());
    out.flush();
  }

  /** The run in one line, for {@code --quiet}. */
  public static String summaryLine(InputSummary input, PipelineResult result, ResultsFile results) {
    return String.format(Locale.ROOT, "%d records read, %d rows rejected, 4 stages in %.3f s, "
        + "results in %s", input.recordsRead(), input.rowsRejected(), result.totalSeconds(),
        results.path());
  }

  private static void printInput(PrintWriter out, InputSummary input) {
    out.printf("Records read: %d, rows rejected: %d%n", input.recordsRead(), input.rowsRejected());
    if (input.rowsRejected() > 0) {
      out.printf("%s rejected rows:%n",
          input.rowsRejected() > input.firstRejections().size() ? "First" : "The");
      for (RejectedRow row : input.firstRejections()) {
        out.printf("  %s%n", row);
      }
    }
  }

  private static void more(PrintWriter out, int users) {
    if (users > MAX_USERS_SHOWN) {
      out.printf("  ... and %d more (all in the results file)%n", users - MAX_USERS_SHOWN);
    }
  }
}
