package org.musicanalytics.client.evaluate;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.musicanalytics.client.evaluate.internal.Recommenders;
import org.musicanalytics.client.evaluate.internal.TimeSplit;
import org.musicanalytics.client.output.ResultsDocument;
import org.musicanalytics.client.output.ResultsException;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.csv.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code music-analytics evaluate}: splits an input by time, trains the recommenders on the
 * past through the run command's pipeline (in process) and scores their top k against what
 * each user played in the future and had not played before.
 *
 * <p>The last {@code --test-days} days of the input's timestamps (UTC days, as
 * {@code plays_per_day} counts them) are the future. A user counts if they played in the
 * past and played at least one song in the future they had not played in the past; those
 * songs are the relevant ones. {@link RankingMetrics} defines the figures.
 */
@Command(name = "evaluate", sortOptions = false,
    description = {
        "Evaluate the recommenders: train on the past of a CSV of plays, through the same "
            + "pipeline as run (in process), and score each recommender's top k against the "
            + "songs each user played in the last --test-days days and had not played before.",
        "Prints a table and writes <results>/" + EvaluateCommand.FILE_NAME + "."},
    footer = {"",
        "Exit codes: 0 evaluated, 1 the input cannot be evaluated or a file cannot be "
            + "written (reason on stderr), 2 usage error."})
public final class EvaluateCommand implements Callable<Integer> {

  /** The file the figures are written to, in the results directory. */
  public static final String FILE_NAME = "evaluate.json";

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--input", paramLabel = "FILE", required = true,
      description = "CSV of plays: user_id,song_id,artist,duration,timestamp[,genre].")
  Path input;

  @Option(names = "--test-days", paramLabel = "N", defaultValue = "7",
      description = "Days at the end of the input held out as the future "
          + "(default: ${DEFAULT-VALUE}).")
  int testDays;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10",
      description = "Recommendations scored per user (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
      description = "Directory for " + FILE_NAME + " (default: ${DEFAULT-VALUE}).")
  Path results;

  @Option(names = "--json", description = "Print the JSON document instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    if (testDays < 1) {
      throw usageError("--test-days must be 1 or more, was " + testDays);
    }
    if (topK < 1) {
      throw usageError("--k must be 1 or more, was " + topK);
    }
    if (Files.isDirectory(input)) {
      throw usageError("--input " + input + " is a directory; name a CSV file");
    }
    PrintWriter err = spec.commandLine().getErr();
    try {
      long started = System.nanoTime();
      TimeSplit split = TimeSplit.read(input, testDays, Recommenders.RECENT_DAYS);
      List<Recommenders.Scored> scored = Recommenders.evaluate(split, topK);
      Map<String, Object> document = document(split, scored,
          (System.nanoTime() - started) / 1e9);
      String text = ResultsDocument.toJson(document);
      Files.createDirectories(results);
      new ResultsFile(results, FILE_NAME).write(text);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.print(text);
      } else {
        printTable(out, split, scored);
        out.println("Written to " + results.resolve(FILE_NAME));
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (InputException | StageFailedException | ResultsException e) {
      err.println("music-analytics evaluate: " + e.getMessage());
    } catch (java.io.IOException | InvalidPathException e) {
      err.println("music-analytics evaluate: cannot create " + results + ": "
          + (e instanceof java.io.IOException io ? ResultsFile.reason(io) : e.getMessage()));
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  private Map<String, Object> document(TimeSplit split, List<Recommenders.Scored> scored,
      double seconds) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("input", input.toString());
    document.put("k", topK);
    document.put("test_days", testDays);
    document.put("train", Map.of("first_day", split.firstDay(), "last_day",
        split.lastTrainDay(), "plays", split.trainPlays()));
    document.put("test", Map.of("first_day", split.firstTestDay(), "last_day",
        split.lastDay(), "plays", split.testPlays()));
    document.put("plays_without_date", split.playsWithoutDate());
    document.put("users_evaluated", scored.isEmpty() ? 0 : scored.get(0).scores().users());
    document.put("catalogue_songs", split.catalogueSongs());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Recommenders.Scored one : scored) {
      RankingMetrics.Scores s = one.scores();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("recommender", one.name());
      row.put("description", one.description());
      row.put("hit_rate", s.hitRate());
      row.put("ndcg", s.ndcg());
      row.put("precision", s.precision());
      row.put("recall", s.recall());
      row.put("coverage", s.coverage());
      row.put("songs_recommended", s.songsRecommended());
      rows.add(row);
    }
    document.put("recommenders", rows);
    document.put("seconds", Math.round(seconds * 100) / 100.0);
    return document;
  }

  private void printTable(PrintWriter out, TimeSplit split, List<Recommenders.Scored> scored) {
    int users = scored.isEmpty() ? 0 : scored.get(0).scores().users();
    out.printf(Locale.ROOT, "Trained on %s to %s (%,d plays), tested on %s to %s (%,d plays); "
            + "%,d users evaluated, k = %d%n", split.firstDay(), split.lastTrainDay(),
        split.trainPlays(), split.firstTestDay(), split.lastDay(), split.testPlays(), users,
        topK);
    if (split.playsWithoutDate() > 0) {
      out.printf(Locale.ROOT, "%,d plays without a date were left out%n",
          split.playsWithoutDate());
    }
    out.println();
    String header = String.format(Locale.ROOT, "| %-19s | %7s | %7s | %7s | %7s | %8s |",
        "recommender", "HR@" + topK, "NDCG@" + topK, "P@" + topK, "R@" + topK, "coverage");
    out.println(header);
    out.println("|---------------------|--------:|--------:|--------:|--------:|---------:|");
    for (Recommenders.Scored one : scored) {
      RankingMetrics.Scores s = one.scores();
      out.printf(Locale.ROOT, "| %-19s | %7.4f | %7.4f | %7.4f | %7.4f | %7.2f%% |%n",
          one.name(), s.hitRate(), s.ndcg(), s.precision(), s.recall(), 100 * s.coverage());
    }
    out.println();
  }

  private CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
