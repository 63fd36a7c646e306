package org.musicanalytics.client.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.history.HistoryOptions;
import org.musicanalytics.client.history.RunRecorder;
import org.musicanalytics.client.input.InputException;
import org.musicanalytics.client.input.InputSummary;
import org.musicanalytics.client.input.StreamCsvReader;
import org.musicanalytics.client.input.StreamCsvReader.OpenedInput;
import org.musicanalytics.client.lambda.LambdaClients;
import org.musicanalytics.client.output.InputFingerprint;
import org.musicanalytics.client.output.ResultsDocument;
import org.musicanalytics.client.output.ResultsException;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.client.output.TextReport;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.PipelineRun;
import org.musicanalytics.client.pipeline.ProgressLine;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.client.report.ReportPage;
import org.musicanalytics.client.run.internal.ResultsLifecycle;
import org.musicanalytics.client.run.internal.RunOptions;
import org.musicanalytics.client.run.internal.RunTarget;
import org.musicanalytics.history.RunRecord;
import org.musicanalytics.history.RunView;
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
        "A failed call is retried when the failure may heal: gRPC UNAVAILABLE, "
            + "RESOURCE_EXHAUSTED with grpc-retry-pushback-ms (load shedding), Lambda "
            + "throttling (429) and 5xx errors, a failed connection. Not retried: invalid or "
            + "oversize requests, function errors, the call timeout.",
        "",
        "Exit codes: 0 success, 1 the run failed (reason on stderr, no results file), "
            + "2 usage error, 3 results written but not recorded in the history (the store "
            + "could not be reached or written), 130/143 stopped by SIGINT (Ctrl-C)/SIGTERM "
            + "(no results file)."})
public final class RunCommand implements Callable<Integer> {

  private final Map<String, String> environment;

  @Spec
  CommandSpec spec;

  @Mixin
  RunOptions options;

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
    PrintWriter out = spec.commandLine().getOut();
    ResultsLifecycle results = ResultsLifecycle.begin(options.resultsDirectory(),
        spec.commandLine().getErr(), options.verbose());
    try {
      results.prepare();
      RunTarget target = RunTarget.of(options, environment);
      RunOutcome outcome;
      InputFingerprint.Provenance provenance;
      // The input is opened first: a missing or unusable file starts nothing.
      try (OpenedInput opened = StreamCsvReader.of(options.strict()).open(options.input());
          InputFingerprint fingerprint = InputFingerprint.start(options.input())) {
        try (RunTarget.Opened stages = target.open()) {
          outcome = stream(opened, stages);
        }
        provenance = fingerprint.finish();
      }
      InputSummary summary = outcome.summary();
      PipelineResult result = outcome.result();

      Target chosen = options.target();
      String json = ResultsDocument.toJson(ResultsDocument.of(chosen.transport(),
          chosen.label(), summary, result, Instant.now(), provenance));
      results.write(json);
      RunRecord record = RunRecorder.runRecord(json, result);
      ReportPage.write(options.resultsDirectory(), RunView.of(record));
      if (options.quiet()) {
        out.println(TextReport.summaryLine(summary, result, results.file()));
        out.flush();
      } else {
        TextReport.print(out, chosen.label(), summary, result, results.file());
      }
      return historyUrl == null ? CommandLine.ExitCode.OK
          : RunRecorder.record(historyUrl, record, spec.commandLine().getErr());
    } catch (InputException | ResultsException | StageFailedException | IOException
        | ServiceAddresses.InvalidAddressException | ShardBudgetException
        | SdkClientException e) {
      return results.fail(e);
    } catch (OutOfMemoryError e) {
      // What ran out is this run's data (shards in flight, merged summaries), which the
      // failure frees: there is room to report it and remove the results file.
      int calls = options.concurrency();
      return results.fail(new IllegalStateException("ran out of memory (the heap limit is "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB) with up to "
          + calls + (calls == 1 ? " shard" : " shards") + " of at most "
          + options.budget().maxBytes() + " bytes in flight: "
          + "lower --shard-bytes or --concurrency, or raise the heap limit, e.g. "
          + "MUSIC_ANALYTICS_JAVA_OPTS=-Xmx2g", e));
    } finally {
      results.close();
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

  /** What a run produced: what was read, and the stages' merged answers. */
  private record RunOutcome(InputSummary summary, PipelineResult result) {}

  /**
   * Streams the input through the pipeline on the target's stages: {@code --concurrency}
   * shards in flight, through the fused call when the stages have it and it is not turned
   * off, with a progress line on a terminal.
   */
  private RunOutcome stream(OpenedInput input, RunTarget.Opened target) throws InputException {
    AnalyticsPipeline pipeline = new AnalyticsPipeline(target.stages(), options.budget())
        .withConcurrency(options.concurrency());
    long checkStart = System.nanoTime();
    Optional<FusedStages> fusedCall = target.fusedCall();
    if (fusedCall.isPresent()) {
      pipeline = pipeline.withFusedStages(fusedCall.get());
    }
    // Only a person watching a terminal wants the line; logs and pipes get none.
    if (!options.quiet() && System.console() != null) {
      pipeline = pipeline.withProgress(new ProgressLine(spec.commandLine().getErr()));
    }
    // The check is a call too (the first, which connects): the workflow time counts it.
    double checkSeconds = (System.nanoTime() - checkStart) / 1e9;
    try (PipelineRun run = pipeline.start()) {
      InputSummary summary = input.readUtf8Rows(run);
      return new RunOutcome(summary, run.finish().withCallsBefore(checkSeconds));
    }
  }
}
