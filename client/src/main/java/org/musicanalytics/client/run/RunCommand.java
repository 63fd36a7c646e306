package org.musicanalytics.client.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.history.HistoryOptions;
import org.musicanalytics.client.history.RunRecorder;
import org.musicanalytics.client.lambda.LambdaClients;
import org.musicanalytics.client.metrics.RunMetrics;
import org.musicanalytics.client.metrics.RunMetricsOptions;
import org.musicanalytics.client.output.InputFingerprint;
import org.musicanalytics.client.output.ReportFormat;
import org.musicanalytics.client.output.ResultsDocument;
import org.musicanalytics.client.output.ResultsException;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.client.output.TextReport;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.FusedRecordStages;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.LearnedRecommender;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.PipelineRun;
import org.musicanalytics.client.pipeline.ProgressListener;
import org.musicanalytics.client.pipeline.RangeStages;
import org.musicanalytics.client.pipeline.Recommender;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.client.report.ReportPage;
import org.musicanalytics.client.run.internal.CompletedRun;
import org.musicanalytics.client.run.internal.ReadProgress;
import org.musicanalytics.client.run.internal.ResultsLifecycle;
import org.musicanalytics.client.run.internal.RunOptions;
import org.musicanalytics.client.run.internal.RunTarget;
import org.musicanalytics.client.s3.S3RunInput;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.csv.StreamCsvReader.OpenedInput;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.history.RunRecord;
import org.musicanalytics.history.RunView;
import org.musicanalytics.proto.CsvRangeRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code music-analytics run}: reads the stream CSV, runs the four stages on the chosen
 * target, prints a report and writes {@code <results>/run_grpc_metrics.json}.
 *
 * <p>The command orchestrates: {@link RunOptions} holds and checks the options,
 * {@link RunTarget} makes the target, {@link AnalyticsPipeline} streams the input through
 * the stages and {@link ResultsLifecycle} looks after the results file.
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
        "With --target lambda the functions are invoked through the AWS SDK: names or ARNs "
            + "from the --*-function options, else MAPREDUCE_FUNCTION, USERBEHAVIOR_FUNCTION, "
            + "GENRE_ANALYSIS_FUNCTION, RECOMMENDATION_FUNCTION, else the template's logical "
            + "ids (MapReduce, UserBehavior, GenreAnalysis, Recommendation). Region and "
            + "credentials come from the default AWS chains (AWS_REGION, AWS_PROFILE, ...). "
            + "With a loopback --endpoint-url (sam local start-lambda, music-analytics "
            + "lambda-local) and none configured, region " + LambdaClients.LOCAL_REGION
            + " and a dummy key are used: local endpoints ignore signatures.",
        "",
        "A failed call is retried when the failure may heal: gRPC UNAVAILABLE or a "
            + "connection closed under the call, "
            + "RESOURCE_EXHAUSTED with grpc-retry-pushback-ms (load shedding), Lambda "
            + "throttling (429) and 5xx errors, a failed connection. Not retried: invalid or "
            + "oversize requests, function errors, the call timeout.",
        "",
        "Exit codes: 0 success, 1 the run failed (reason on stderr, earlier results "
            + "untouched), 2 usage error, 3 results written but not recorded in the history "
            + "(the store could not be reached or written), 130/143 stopped by SIGINT "
            + "(Ctrl-C)/SIGTERM (earlier results untouched)."})
public final class RunCommand implements Callable<Integer> {

  /** The copy of standard input in the run's directory, read as a file. */
  static final String STANDARD_INPUT_COPY = "stdin.csv";

  private final Map<String, String> environment;
  /** The progress line of a run on a terminal; null otherwise. */
  private ReadProgress progress;

  @Spec
  CommandSpec spec;

  @Mixin
  RunOptions options;

  @Mixin
  RunMetricsOptions metricsOptions;

  @Mixin
  HistoryOptions history;

  /** @param environment where {@code --target grpc} reads MAPREDUCE_HOST and the like */
  public RunCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Whether the run shows stack traces of failures ({@code --verbose}). */
  public boolean verbose() {
    return options.verbose();
  }

  @Override
  public Integer call() {
    options.check();
    String historyUrl = historyUrl();
    RunRecorder.warmUp(historyUrl);
    PrintWriter out = spec.commandLine().getOut();
    ResultsLifecycle results = ResultsLifecycle.begin(options.resultsDirectory(),
        options.keepRuns(), spec.commandLine().getErr(), options.verbose());
    try (RunMetrics metrics = RunMetrics.serve(options.retryPolicy()::retriesMade,
        metricsOptions.port())) {
      RunTarget target = RunTarget.of(options, environment)
          .withEmbeddedHostMetrics(metrics.hostMetrics());
      if (options.s3Input().isPresent()) {
        return runOverS3(target, results, out, metrics, historyUrl);
      }
      RunOutcome outcome;
      InputFingerprint.Provenance provenance;
      // The input and the results directory are checked first: a missing input or an
      // unwritable directory starts nothing.
      Path input = options.input();
      OpenedInput opened = options.readsStandardInput() ? null : open(input);
      try {
        results.prepare();
        if (opened == null) {
          input = results.keep(System.in, STANDARD_INPUT_COPY);
          opened = open(input);
        }
      } catch (ResultsException | InputException e) {
        if (opened != null) {
          opened.close();
        }
        throw e;
      }
      try (OpenedInput reading = opened;
          InputFingerprint fingerprint = InputFingerprint.start(input)) {
        try (RunTarget.Opened stages = target.open()) {
          outcome = stream(rows -> reading.readUtf8Rows(
              progress == null ? rows : progress.counting(rows)), stages, metrics);
        }
        provenance = fingerprint.finish();
      }
      InputSummary summary = outcome.summary();
      PipelineResult result = outcome.result();

      Target chosen = options.target();
      return finish(results, ResultsDocument.of(results.runId(), chosen.transport(),
          chosen.label(), summary, result, Instant.now(), provenance), summary, result, out,
          metrics, historyUrl);
    } catch (InputException | ResultsException | StageFailedException | IOException
        | ServiceAddresses.InvalidAddressException | ShardBudgetException
        | SdkClientException e) {
      return results.fail(e);
    } catch (OutOfMemoryError e) {
      // What ran out is this run's data (shards in flight, merged summaries), which the
      // failure frees: there is room to report it and remove the run's directory.
      int calls = options.concurrency();
      return results.fail(new IllegalStateException("ran out of memory (the heap limit is "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB) with up to "
          + calls + (calls == 1 ? " shard" : " shards") + " of at most "
          + options.budget().maxBytes() + " bytes in flight: "
          + "lower --shard-bytes or --concurrency, or raise the heap limit, e.g. "
          + "MUSIC_ANALYTICS_JAVA_OPTS=-Xmx2g", e));
    } finally {
      if (progress != null) {
        progress.close();
      }
      results.close();
    }
  }

  /**
   * Opens the input; on a terminal's stderr, with a progress line counting the bytes read
   * from it (only a person watching wants the line; logs and pipes get a summary line).
   */
  private OpenedInput open(Path input) throws InputException {
    StreamCsvReader reader = StreamCsvReader.of(options.strict());
    if (options.quiet() || !ReadProgress.stderrIsTerminal()) {
      return reader.open(input);
    }
    InputStream in;
    long size;
    try {
      size = Files.isRegularFile(input) ? Files.size(input) : -1;
      in = Files.newInputStream(input);
    } catch (IOException e) {
      // The reader fails the same way, and says so in its words.
      return reader.open(input);
    }
    progress = ReadProgress.start(spec.commandLine().getErr(), size);
    return reader.open(input, progress.counting(in));
  }

  /** An input without one play gives no results: it is almost always the wrong file. */
  private InputException noValidPlays(InputSummary summary) {
    String where = options.readsStandardInput() ? "standard input" : options.inputName();
    long rejected = summary.rowsRejected();
    return new InputException("no valid plays in " + where + " (" + (rejected == 0
        ? "a header and no rows)"
        : TextReport.count(rejected, "row") + " rejected; first: "
            + summary.firstRejections().get(0) + ")"));
  }

  /**
   * A run over an S3 object: on a target whose functions read ranges themselves, one call
   * per range; on the others, the ranges read here with the range reader, through the same
   * pipeline as a file's rows.
   */
  private int runOverS3(RunTarget target, ResultsLifecycle results, PrintWriter out,
      RunMetrics metrics, String historyUrl)
      throws IOException, InputException, ResultsException {
    results.prepare();
    RunOutcome outcome;
    Map<String, Object> document;
    // The object is asked for first: a missing or unusable object starts nothing.
    try (S3RunInput input = S3RunInput.open(options.s3Input().get(), options.s3EndpointUrl(),
        options.rangeBytes(), options.strict())) {
      try (RunTarget.Opened stages = target.open()) {
        outcome = stages.stages() instanceof RangeStages ranges
            ? fanOut(input, stages, ranges, metrics)
            : stream(input::readRanges, stages, metrics);
      }
      Target chosen = options.target();
      document = ResultsDocument.of(results.runId(), chosen.transport(), chosen.label(),
          outcome.summary(), outcome.result(), Instant.now(), new InputFingerprint.Provenance(
              outcome.summary().path(), Optional.empty()));
      input.describe(document);
    }
    return finish(results, document, outcome.summary(), outcome.result(), out, metrics,
        historyUrl);
  }

  /**
   * Completes a run: its results file and report page written and made the latest and the
   * report printed while the run's rows are written to the history, which commits them
   * last (a store that fails loses nothing already written, and the run ends with
   * {@link RunRecorder#HISTORY_FAILED}; results that fail leave nothing in the history).
   */
  private int finish(ResultsLifecycle results, Map<String, Object> document,
      InputSummary summary, PipelineResult result, PrintWriter out, RunMetrics metrics,
      String historyUrl) throws ResultsException {
    try (RunRecorder.Recording recording = RunRecorder.open(historyUrl)) {
      String json = ResultsDocument.toJson(document);
      RunRecord record = RunRecorder.runRecord(json, result);
      recording.write(record);
      CompletedRun completed = results.complete(document, json,
          ReportPage.html(RunView.of(record)));
      report(out, completed, summary, result, results, metrics);
      return recording.commit(spec.commandLine().getErr());
    }
  }

  /** The history store's URL, or null with {@code --no-history}; checked before the run. */
  private String historyUrl() {
    if (!history.enabled()) {
      return null;
    }
    try {
      return history.url(environment, options.resultsDirectory());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Sends every byte range to the functions, which read it themselves: {@code --concurrency}
   * ranges in flight, the counts merged as they arrive.
   */
  private RunOutcome fanOut(S3RunInput input, RunTarget.Opened target, RangeStages ranges,
      RunMetrics metrics) throws InputException {
    AnalyticsPipeline pipeline = new AnalyticsPipeline(target.stages(), options.budget())
        .withConcurrency(options.concurrency())
        .withRangeStages(ranges)
        .withProgress(metrics.alongside(ProgressListener.NONE));
    pipeline = withRecommender(pipeline, target);
    try (PipelineRun run = pipeline.start()) {
      for (CsvRangeRequest range : input.requests()) {
        run.acceptRange(range);
      }
      PipelineResult result = run.finish();
      InputSummary summary = input.summary(run.ranges());
      if (summary.recordsRead() == 0) {
        throw noValidPlays(summary);
      }
      return new RunOutcome(summary, result);
    }
  }

  /**
   * The end of a completed run: the metrics line, the report (or the results document) on
   * standard output, and a summary line on a stderr that is no terminal.
   */
  private void report(PrintWriter out, CompletedRun completed, InputSummary summary,
      PipelineResult result, ResultsLifecycle results, RunMetrics metrics) {
    Target chosen = options.target();
    metrics.logEnd(spec.commandLine().getErr(), chosen.label(), summary, result);
    if (options.format() == ReportFormat.JSON) {
      out.print(ResultsDocument.toJson(completed.document()));
      out.flush();
    } else if (options.quiet()) {
      out.println(TextReport.summaryLine(summary, result, results.latestFile()));
      out.flush();
    } else {
      TextReport.print(out, chosen.label(), summary, result, options.top(),
          results.latestFile(), completed.directory());
    }
    if (!options.quiet() && !ReadProgress.stderrIsTerminal()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("music-analytics run: "
          + TextReport.summaryLine(summary, result, results.latestFile()));
      err.flush();
    }
  }

  /**
   * {@code pipeline} with the learned recommender on the target's own rounds 2 and 3 when
   * {@code --recommender item-knn} asks for it.
   */
  private AnalyticsPipeline withRecommender(AnalyticsPipeline pipeline,
      RunTarget.Opened target) {
    if (options.recommender() != Recommender.ITEM_KNN) {
      return pipeline;
    }
    return pipeline.withLearnedRecommender(
        new LearnedRecommender(target.learnedStages(), options.budget())
            .withConcurrency(options.concurrency()));
  }

  /** Reads the rows of a run's input into the pipeline. */
  @FunctionalInterface
  private interface RowsReader {
    InputSummary read(Utf8RowSink rows) throws InputException;
  }

  /** What a run produced: what was read, and the stages' merged answers. */
  private record RunOutcome(InputSummary summary, PipelineResult result) {}

  /**
   * Streams the input through the pipeline on the target's stages: {@code --concurrency}
   * shards in flight, through the fused call when the stages have it and it is not turned
   * off.
   */
  private RunOutcome stream(RowsReader input, RunTarget.Opened target, RunMetrics metrics)
      throws InputException {
    AnalyticsPipeline pipeline = new AnalyticsPipeline(target.stages(), options.budget())
        .withConcurrency(options.concurrency());
    long checkStart = System.nanoTime();
    Optional<FusedStages> fusedCall = target.fusedCall();
    if (fusedCall.isPresent()) {
      pipeline = pipeline.withFusedStages(fusedCall.get());
    } else if (target.stages() instanceof FusedRecordStages fused
        && !Boolean.FALSE.equals(options.fused())) {
      // Lambda: one invocation of the fused function per shard instead of three.
      pipeline = pipeline.withFusedRecordStages(fused);
    } else if (options.recommender() == Recommender.ITEM_KNN) {
      throw new StageFailedException(Stage.RECOMMENDATION, options.target().label(),
          "--recommender item-knn learns from the listening the fused call "
          + "(music.ShardAnalysisService/AnalyzeShard) counts, which this target does not "
          + "serve; use --recommender top-artist-filter", null);
    }
    // The live gauges follow the shards as they finish; the reading progress is apart.
    pipeline = pipeline.withProgress(metrics.alongside(ProgressListener.NONE));
    pipeline = withRecommender(pipeline, target);
    // The check is a call too (the first, which connects): the workflow time counts it.
    double checkSeconds = (System.nanoTime() - checkStart) / 1e9;
    try (PipelineRun run = pipeline.start()) {
      InputSummary summary;
      try {
        summary = input.read(run);
      } finally {
        if (progress != null) {
          // Reading is over or failed: the line goes before the report or the error.
          progress.close();
        }
      }
      if (summary.recordsRead() == 0) {
        throw noValidPlays(summary);
      }
      return new RunOutcome(summary, run.finish().withCallsBefore(checkSeconds));
    }
  }
}
