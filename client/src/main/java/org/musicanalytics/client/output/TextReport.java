package org.musicanalytics.client.output;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.musicanalytics.client.input.InputSummary;
import org.musicanalytics.client.input.RejectedRow;
import org.musicanalytics.client.pipeline.CallTimes;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.UserStat;

/**
 * The run's results as text for a person: the same figures as the results file, with long
 * per-user lists cut short (the file has them all).
 */
public final class TextReport {

  /** Per-user sections list at most this many users. */
  static final int MAX_USERS_SHOWN = 20;

  private TextReport() {}

  /** Prints the full report. */
  public static void print(PrintWriter out, String target, InputSummary input,
      PipelineResult result, Path results, Path runDirectory) {
    out.printf("Music analytics: %s (target %s)%n", input.path(), target);
    printInput(out, input);

    Map<String, Long> plays = result.playCounts().getPlayCountsMap();
    out.printf("%nTop songs (plays)%n");
    List<String> top = Ranking.top(plays, ResultsDocument.TOP_SONGS);
    for (int i = 0; i < top.size(); i++) {
      out.printf("  %2d. %-40s %6d%n", i + 1, top.get(i), plays.get(top.get(i)));
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

    printTimes(out, result);
    out.printf("%nResults written to %s and %s%n", results, runDirectory);
    out.flush();
  }

  /** The run in one line, for {@code --quiet}. */
  public static String summaryLine(InputSummary input, PipelineResult result, Path results) {
    return String.format(Locale.ROOT, "%d records read, %d rows rejected, 4 stages in %.3f s, "
        + "results in %s", input.recordsRead(), input.rowsRejected(), result.totalSeconds(),
        results);
  }

  /**
   * Each stage's span (first call sent to last answer), the calls' summed time, and the
   * service's own time; the fused call as one line for the three stages it served.
   */
  private static void printTimes(PrintWriter out, PipelineResult result) {
    out.printf("%nTimes (span: first call sent to last answer; summed: the calls' own times "
        + "added up, they overlap; service: the stage's own processing)%n");
    if (result.fused()) {
      String stages = StageRpc.ANALYZE_SHARD.stages().stream().map(Stage::displayName)
          .collect(Collectors.joining(", "));
      printTimes(out, stages + " (one fused call per shard)", result.fusedCall(),
          result.fusedProcessingSeconds());
    }
    for (Stage stage : Stage.values()) {
      if (!result.servedByFusedCall(stage)) {
        printTimes(out, stage.displayName(), result.stageTimes().get(stage),
            result.processingSeconds(stage));
      }
    }
    out.printf(Locale.ROOT, "  Total workflow: %.4f s (first call sent to last answer; reading "
        + "the input overlaps the calls)%n", result.totalSeconds());
    out.printf("Calls: %s of records, %s of users%n", count(result.recordShards(), "shard"),
        count(result.userShards(), "shard"));
  }

  private static void printTimes(PrintWriter out, String what, CallTimes times,
      double service) {
    out.printf(Locale.ROOT, "  %s: span %.4f s, summed %.4f s over %s, service %.4f s%n", what,
        times.spanSeconds(), times.summedSeconds(), count(times.calls(), "call"), service);
  }

  /** {@code n} and the noun, singular or plural: "1 row", "2 rows". */
  public static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
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
