package org.musicanalytics.client.history;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.musicanalytics.history.HistoryException;
import org.musicanalytics.history.HistoryStore;
import org.musicanalytics.history.RunComparison;
import org.musicanalytics.history.RunRecord;
import org.musicanalytics.history.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code music-analytics history}: lists the recorded runs; {@code show ID},
 * {@code compare ID1 ID2} and {@code import FILE} as subcommands. Every form takes
 * {@code --history URL} and {@code --json}.
 */
@Command(name = "history",
    description = "List the recorded runs: id, time, input, records, pipeline time.",
    subcommands = {HistoryCommand.Show.class, HistoryCommand.Compare.class,
        HistoryCommand.Import.class},
    footer = {"", "Exit codes: 0 success, 1 the store failed or a run is unknown, 2 usage."})
public final class HistoryCommand implements Callable<Integer> {

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  /** The options every form takes. */
  static final class Common {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Mixin
    HistoryOptions history;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
        description = "The results directory, whose history.db is the default store "
            + "(default: ${DEFAULT-VALUE}).")
    Path resultsDirectory;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;
  }

  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Mixin
  Common common;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "List at most N runs, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  /** @param environment where MUSIC_ANALYTICS_HISTORY is read */
  public HistoryCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    return run(spec, common, environment, (store, out) -> {
      List<RunSummary> runs = store.runs(0, limit);
      if (common.json) {
        out.println(GSON.toJson(runs));
        return;
      }
      out.printf("%-28s %-24s %10s %10s  %s%n", "run", "time", "records", "pipeline", "input");
      for (RunSummary run : runs) {
        out.printf(Locale.ROOT, "%-28s %-24s %10d %9.3fs  %s%n", run.runId(), run.computedAt(),
            run.recordsRead(), run.seconds().total(), run.inputPath());
      }
      out.printf("%d of %d runs%n", runs.size(), store.runCount());
    });
  }

  /** Work on an open store. */
  @FunctionalInterface
  interface StoreWork {
    void run(HistoryStore store, PrintWriter out) throws IOException;
  }

  /** Opens the store the options name and runs {@code work}; failures are one line. */
  static int run(CommandSpec spec, Common common, Map<String, String> environment,
      StoreWork work) {
    String name = "music-analytics " + spec.qualifiedName(" ").replace("music-analytics ", "");
    String url;
    try {
      url = common.history.url(environment, common.resultsDirectory);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      work.run(HistoryStore.open(url), out);
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (HistoryException | NoSuchElementException | IllegalArgumentException
        | IOException e) {
      err.println(name + ": " + e.getMessage());
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
  }

  /** {@code history show ID}: one run in full. */
  @Command(name = "show", description = "Show one recorded run: its results as recorded.")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Parameters(paramLabel = "ID", description = "The run's id.")
    String runId;

    @CommandLine.ParentCommand
    HistoryCommand parent;

    @Override
    public Integer call() {
      return run(spec, common, parent.environment, (store, out) -> {
        RunSummary run = store.run(runId).orElseThrow(() ->
            new NoSuchElementException("no run " + runId + " in the history"));
        if (common.json) {
          out.println(GSON.toJson(JsonParser.parseString(store.resultsJson(runId)
              .orElseThrow())));
          return;
        }
        out.printf("Run %s (%s, target %s)%n", run.runId(), run.computedAt(), run.target());
        out.printf("Input %s: %d records read, %d rows rejected%n", run.inputPath(),
            run.recordsRead(), run.rowsRejected());
        RunRecord.StageSeconds s = run.seconds();
        out.printf(Locale.ROOT, "Seconds: MapReduce %.4f, UserBehavior %.4f, GenreAnalysis "
            + "%.4f, Recommendation %.4f, total %.4f; shards %d of records, %d of users%n",
            s.mapReduce(), s.userBehavior(), s.genres(), s.recommendation(), s.total(),
            run.recordShards(), run.userShards());
        out.printf("%nTop songs (%d songs recorded)%n", run.songCount());
        List<RunRecord.SongPlays> songs = store.songs(runId, 0, RunComparison.TOP);
        for (int i = 0; i < songs.size(); i++) {
          out.printf("  %2d. %-40s %8d%n", i + 1, songs.get(i).key(), songs.get(i).plays());
        }
        out.printf("%nGenres%n");
        store.genres(runId).forEach((genre, plays) -> out.printf("  %-20s %8d%n",
            genre.isEmpty() ? "(none)" : genre, plays));
        out.printf("%nPlays per day%n");
        store.playsPerDay(runId).forEach((day, plays) -> out.printf("  %-12s %8d%n", day,
            plays));
        out.printf("%nUsers: %d; top users: %s%n", run.userCount(),
            String.join(", ", store.topUsers(runId)));
        out.printf("Trending: %s%n", String.join(", ", store.trending(runId)));
      });
    }
  }

  /** {@code history compare ID1 ID2}. */
  @Command(name = "compare", description = "Compare two recorded runs: songs that rose and "
      + "fell in rank and plays, songs new to the top, genre shares, users' listening.")
  static final class Compare implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "ID1", description = "The earlier run.")
    String from;

    @Parameters(index = "1", paramLabel = "ID2", description = "The later run.")
    String to;

    @CommandLine.ParentCommand
    HistoryCommand parent;

    @Override
    public Integer call() {
      return run(spec, common, parent.environment, (store, out) -> {
        RunComparison comparison = RunComparison.of(store, from, to);
        if (common.json) {
          out.println(GSON.toJson(comparison));
          return;
        }
        out.printf("Runs %s -> %s%n%nTop songs%n", from, to);
        for (RunComparison.SongChange song : comparison.songs()) {
          out.printf("  %-5s %-40s rank %5s -> %-5s plays %8s -> %s%n", song.movement(),
              song.key(), dash(song.fromRank()), dash(song.toRank()), dash(song.fromPlays()),
              dash(song.toPlays()));
        }
        out.printf("%nGenre shares (%% of plays)%n");
        comparison.genreShares().forEach((genre, share) -> out.printf(Locale.ROOT,
            "  %-20s %6.2f -> %6.2f (%+.2f points)%n", genre.isEmpty() ? "(none)" : genre,
            share.fromShare(), share.toShare(), share.change()));
        RunComparison.Listening l = comparison.listening();
        out.printf(Locale.ROOT, "%nUsers: %d -> %d (%d only in the first, %d only in the "
            + "second); listening %d s -> %d s; per user %.1f s -> %.1f s%n", l.fromUsers(),
            l.toUsers(), l.usersOnlyInFrom(), l.usersOnlyInTo(), l.fromSeconds(),
            l.toSeconds(), l.fromAverageSeconds(), l.toAverageSeconds());
      });
    }

    private static String dash(Long value) {
      return value == null ? "-" : value.toString();
    }
  }

  /** {@code history import FILE}: records a results file; a second import changes nothing. */
  @Command(name = "import", description = "Record a results file in the history (its top "
      + "songs only: the file lists no more). Importing a run twice records it once.")
  static final class Import implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Parameters(paramLabel = "FILE", description = "A results file (run_grpc_metrics.json).")
    Path file;

    @CommandLine.ParentCommand
    HistoryCommand parent;

    @Override
    public Integer call() {
      return run(spec, common, parent.environment, (store, out) -> {
        RunRecord run = RunRecord.fromResults(Files.readString(file, StandardCharsets.UTF_8));
        boolean recorded = store.record(run);
        if (common.json) {
          out.println(GSON.toJson(Map.of("run_id", run.runId(), "recorded", recorded)));
        } else {
          out.println(recorded ? "recorded run " + run.runId()
              : "run " + run.runId() + " was already recorded");
        }
      });
    }
  }
}
