package org.musicanalytics.client.output;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.musicanalytics.client.pipeline.CallTimes;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.RejectedRow;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.UserStat;

/**
 * The run's results as text for a person: the same figures as the results file, with the
 * song and user lists cut to the top {@code --top} (the file has them all), durations in
 * hours and minutes, and counts with their noun in the singular or plural.
 */
public final class TextReport {

  /** How many songs and users the lists show by default. */
  public static final int DEFAULT_TOP = 10;

  /** Plays per day lists at most this many days. */
  static final int MAX_DAYS_SHOWN = 31;

  private TextReport() {}

  /** Prints the full report, with the top {@code top} songs and users. */
  public static void print(PrintWriter out, String target, InputSummary input,
      PipelineResult result, int top, Path results, Path runDirectory) {
    out.printf("Music analytics: %s (target %s)%n", input.name(), target);
    printInput(out, input);

    Map<String, Long> plays = result.playCounts().getPlayCountsMap();
    out.printf("%nTop songs (plays, %s)%n", count(plays.size(), "song"));
    List<String> songs = Ranking.top(plays, top);
    for (int i = 0; i < songs.size(); i++) {
      out.printf("  %2d. %-40s %6d%n", i + 1, songs.get(i), plays.get(songs.get(i)));
    }

    Map<String, Long> days = ResultsDocument.playsPerDay(result);
    out.printf("%nPlays per day (UTC, %d days)%n", days.size());
    days.entrySet().stream().limit(MAX_DAYS_SHOWN)
        .forEach(day -> out.printf("  %-12s %8d%n", day.getKey(), day.getValue()));
    if (days.size() > MAX_DAYS_SHOWN) {
      out.printf("  ... and %d more days (all in the results file)%n",
          days.size() - MAX_DAYS_SHOWN);
    }

    List<UserStat> users = byListeningTime(result.userStats().getUserStatsList());
    List<UserStat> shown = users.subList(0, Math.min(users.size(), top));
    out.printf("%nTop users by listening time (%s)%n", count(users.size(), "user"));
    out.printf("  %-12s %14s  %s%n", "user", "listening", "top artist");
    for (UserStat user : shown) {
      out.printf("  %-12s %14s  %s%n",
          user.getUserId(), duration(user.getTotalTime()), user.getTopArtist());
    }
    more(out, users.size(), shown.size());

    Map<String, Long> genres = result.genres().getGenreCountsMap();
    out.printf("%nGenres (plays)%n");
    for (String genre : result.genres().getTopGenresList()) {
      out.printf("  %-20s %6d%n", genre.isEmpty() ? "(none)" : genre, genres.get(genre));
    }

    out.printf("%nTrending: %s%n",
        String.join(", ", result.recommendations().getTrendingSongsList()));
    out.printf("Recommendations (%s) for the top users%n", result.recommender().modelName());
    for (UserStat user : shown) {
      var picks = result.recommendations().getRecommendationsMap().get(user.getUserId());
      out.printf("  %-12s %s%n", user.getUserId(),
          picks == null ? "(none)" : String.join(", ", picks.getValuesList()));
    }
    more(out, users.size(), shown.size());

    printTimes(out, result);
    out.printf("%nResults written to %s and %s%n", results, runDirectory);
    out.flush();
  }

  /** The run in one line, for {@code --quiet} and for a log. */
  public static String summaryLine(InputSummary input, PipelineResult result, Path results) {
    return String.format(Locale.ROOT, "%s read, %s rejected, 4 stages in %.3f s, "
        + "results in %s", count(input.recordsRead(), "record"),
        count(input.rowsRejected(), "row"), result.totalSeconds(), results);
  }

  /**
   * Seconds as a person reads them: "117 h 03 min" from an hour, "4 min 05 s" from a
   * minute, else "42 s".
   */
  public static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return seconds + " s";
  }

  /** Users by total listening time, longest first, ties by user id. */
  static List<UserStat> byListeningTime(List<UserStat> users) {
    return users.stream().sorted(Comparator.comparingLong(UserStat::getTotalTime).reversed()
        .thenComparing(UserStat::getUserId)).toList();
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
    result.learned().ifPresent(learned -> {
      printCalls(out, "Learned round 2, co-listening (" + count(learned.songBuckets(),
          "song bucket") + ")", learned.coListening());
      printCalls(out, "Learned round 3, scoring", learned.scoring());
    });
    out.printf(Locale.ROOT, "  Total workflow: %.4f s (first call sent to last answer; it also "
        + "holds the client's reading of the input, and merging and ranking of the answers)%n",
        result.totalSeconds());
    out.printf("Calls: %s of records, %s of users%n", count(result.recordShards(), "shard"),
        count(result.userShards(), "shard"));
  }

  private static void printCalls(PrintWriter out, String what, CallTimes times) {
    out.printf(Locale.ROOT, "  %s: span %.4f s, summed %.4f s over %s%n", what,
        times.spanSeconds(), times.summedSeconds(), count(times.calls(), "call"));
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
    out.printf("%s read, %s rejected%n", count(input.recordsRead(), "record"),
        count(input.rowsRejected(), "row"));
    if (input.rowsRejected() > 0) {
      out.printf("%s rejected rows:%n",
          input.rowsRejected() > input.firstRejections().size() ? "First" : "The");
      for (RejectedRow row : input.firstRejections()) {
        out.printf("  %s%n", row);
      }
    }
  }

  private static void more(PrintWriter out, int users, int shown) {
    if (users > shown) {
      out.printf("  ... and %d more (all in the results file; --top N shows more)%n",
          users - shown);
    }
  }
}
