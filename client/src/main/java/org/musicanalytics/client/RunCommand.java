package org.musicanalytics.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.input.InputException;
import org.musicanalytics.client.input.InputSummary;
import org.musicanalytics.client.input.StreamCsvReader;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.Stage;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.client.output.ResultsDocument;
import org.musicanalytics.client.output.ResultsException;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.client.output.TextReport;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.proto.StreamList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code music-analytics run}: reads the stream CSV, runs the four stages on the chosen
 * target, prints a report and writes {@code <results>/run_grpc_metrics.json}.
 *
 * <p>Any earlier results file is removed when the run starts, and the new one appears
 * atomically when it ends, so a failed run leaves no results file at all.
 */
@Command(name = "run",
    description = "Analyse a CSV of plays: play counts, user behaviour, genres and "
        + "recommendations. Writes <results>/" + ResultsFile.FILE_NAME + ".",
    footer = {"",
        "With --target grpc the services are called where the old deployment's client looked "
            + "for them: MAPREDUCE_HOST/MAPREDUCE_PORT (localhost:50051), USERBEHAVIOR_* "
            + "(50053), GENRE_ANALYSIS_* (50055), RECOMMENDATION_* (50057); the "
            + "--*-address options override them.",
        "",
        "Exit codes: 0 success, 1 the run failed (reason on stderr, no results file), "
            + "2 usage error."})
public final class RunCommand implements Callable<Integer> {

  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--input", paramLabel = "FILE", defaultValue = "data/stream_data.csv",
      description = "CSV of plays: user_id,song_id,artist,duration,timestamp[,genre] "
          + "(default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--target", paramLabel = "TARGET", defaultValue = "embedded",
      description = "embedded: start a host in this process on free loopback ports and call "
          + "it through gRPC; grpc: call a running host (default: ${DEFAULT-VALUE}).")
  Target target;

  @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
      description = "Directory for " + ResultsFile.FILE_NAME + " (default: ${DEFAULT-VALUE}).")
  Path resultsDirectory;

  @Option(names = "--strict",
      description = "Fail at the first malformed row instead of skipping and counting it.")
  boolean strict;

  @Option(names = "--quiet",
      description = "Print one summary line instead of the report (errors still go to stderr).")
  boolean quiet;

  @Option(names = "--verbose",
      description = "Show the embedded host's per-call log and stack traces of failures.")
  boolean verbose;

  @Option(names = "--mapreduce-address", paramLabel = "HOST:PORT",
      description = "--target grpc: MapReduce service address.")
  HostPort mapReduceAddress;

  @Option(names = "--userbehavior-address", paramLabel = "HOST:PORT",
      description = "--target grpc: UserBehavior service address.")
  HostPort userBehaviorAddress;

  @Option(names = "--genre-address", paramLabel = "HOST:PORT",
      description = "--target grpc: GenreAnalysis service address.")
  HostPort genreAddress;

  @Option(names = "--recommendation-address", paramLabel = "HOST:PORT",
      description = "--target grpc: Recommendation service address.")
  HostPort recommendationAddress;

  /** @param environment where {@code --target grpc} reads MAPREDUCE_HOST and the like */
  public RunCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    Map<Stage, HostPort> addressFlags = addressFlags();
    if (target != Target.GRPC && !addressFlags.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "the --*-address options apply only to --target grpc");
    }
    PrintWriter out = spec.commandLine().getOut();
    ResultsFile results = new ResultsFile(resultsDirectory);
    try {
      results.prepare();
      ServiceAddresses addresses = null;
      if (target == Target.GRPC) {
        addresses = ServiceAddresses.fromEnvironment(environment).with(addressFlags);
      }

      StreamList.Builder plays = StreamList.newBuilder();
      InputSummary summary = StreamCsvReader.of(strict).read(input, plays::addRecords);

      PipelineResult result = runStages(plays.build(), addresses);

      results.write(ResultsDocument.toJson(
          ResultsDocument.of(target.workflow(), target.label(), summary, result)));
      if (quiet) {
        out.println(TextReport.summaryLine(summary, result, results));
        out.flush();
      } else {
        TextReport.print(out, target.label(), summary, result, results);
      }
      return CommandLine.ExitCode.OK;
    } catch (InputException | ResultsException | StageFailedException | IOException
        | ServiceAddresses.InvalidAddressException e) {
      return fail(e, results);
    }
  }

  /**
   * Runs the stages on the target: for {@code grpc} at {@code addresses}, for
   * {@code embedded} on a host started for this run and stopped after it.
   */
  private PipelineResult runStages(StreamList plays, ServiceAddresses addresses)
      throws IOException {
    if (target == Target.GRPC) {
      try (GrpcStages stages = new GrpcStages(addresses)) {
        return new AnalyticsPipeline(stages).run(plays);
      }
    }
    // The host logs a line per call: noise in a report, useful when asked for.
    HostLogging.setLevel(verbose ? Level.INFO : Level.WARNING);
    if (verbose) {
      HostLogging.useOneLineConsole();
    }
    try (AnalyticsHost host = startEmbeddedHost();
        GrpcStages stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()))) {
      return new AnalyticsPipeline(stages).run(plays);
    }
  }

  private static AnalyticsHost startEmbeddedHost() throws IOException {
    try {
      return AnalyticsHost.start(HostConfig.ephemeral());
    } catch (IOException e) {
      throw new IOException("cannot start the embedded host: " + e.getMessage(), e);
    }
  }

  /** The service addresses given by flags. */
  private Map<Stage, HostPort> addressFlags() {
    Map<Stage, HostPort> flags = new EnumMap<>(Stage.class);
    putIfSet(flags, Stage.MAP_REDUCE, mapReduceAddress);
    putIfSet(flags, Stage.USER_BEHAVIOR, userBehaviorAddress);
    putIfSet(flags, Stage.GENRE_ANALYSIS, genreAddress);
    putIfSet(flags, Stage.RECOMMENDATION, recommendationAddress);
    return flags;
  }

  private static void putIfSet(Map<Stage, HostPort> flags, Stage stage, HostPort endpoint) {
    if (endpoint != null) {
      flags.put(stage, endpoint);
    }
  }

  /** Reports a failed run in one line and makes sure no results file remains. */
  private int fail(Exception e, ResultsFile results) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("music-analytics run: " + e.getMessage());
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    try {
      results.discard();
    } catch (ResultsException cannotRemove) {
      err.println("music-analytics run: " + cannotRemove.getMessage());
      err.flush();
    }
    return CommandLine.ExitCode.SOFTWARE;
  }
}
