package org.musicanalytics.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.input.InputException;
import org.musicanalytics.client.input.InputSummary;
import org.musicanalytics.client.input.StreamCsvReader;
import org.musicanalytics.client.input.StreamCsvReader.OpenedInput;
import org.musicanalytics.client.lambda.LambdaClients;
import org.musicanalytics.client.lambda.LambdaFunctions;
import org.musicanalytics.client.lambda.LambdaStages;
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
import org.musicanalytics.client.pipeline.RetryPolicy;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.client.pipeline.Stage;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.CallLimits;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code music-analytics run}: reads the stream CSV, runs the four stages on the chosen
 * target, prints a report and writes {@code <results>/run_grpc_metrics.json}.
 *
 * <p>The input is streamed: records are cut into shards that fit the target's message
 * limit ({@code --shard-bytes}) and each full shard is sent while reading goes on; the
 * partial answers are merged (see {@link AnalyticsPipeline}).
 *
 * <p>Any earlier results file is removed when the run starts, and the new one appears
 * atomically when it ends, so a failed run leaves no results file at all; nor does one
 * stopped by Ctrl-C (SIGINT) or SIGTERM, through a shutdown hook. The results say when
 * they were computed and from which input (path, size, modification time, CRC32C).
 *
 * <p>Every stage call has a deadline ({@code --call-timeout}) and is retried as
 * {@link RetryPolicy} says ({@code --retries}, {@code --retry-delay},
 * {@code --retry-max-delay}), on the gRPC and Lambda targets alike: the stages are pure
 * functions, so every call is idempotent.
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
            + "2 usage error, 130/143 stopped by SIGINT (Ctrl-C)/SIGTERM (no results file)."})
public final class RunCommand implements Callable<Integer> {

  /** Shards in flight by default for a running host: enough to keep its cores busy. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /**
   * Shards in flight by default where the stages run on this machine (the embedded host,
   * in process): one per core, and one more being read meanwhile. More only competes for
   * the same cores and holds more shards in memory: on 2 cores, 3 in flight ran the 10M-row
   * benchmark about 6% faster than 4. Fewer when the heap cannot hold that many: see
   * {@link #localConcurrency}.
   */
  public static final int DEFAULT_LOCAL_CONCURRENCY =
      Runtime.getRuntime().availableProcessors() + 1;
  /**
   * Heap kept for the merged answers when the local default is sized: about 150 MiB at
   * 10M generated rows, twice that while a table grows.
   */
  static final long MERGED_STATE_RESERVE_BYTES = 320L * 1024 * 1024;
  /**
   * Shards in flight to Lambda by default. The client's own JSON work (printing each
   * request, parsing each answer) bounds a Lambda run, not the invocations, and every shard
   * in flight holds its records, its JSON and its answers: with 8, 10M rows ran out of the
   * launcher's 640 MiB heap on 2 cores; with 4 they took 333 s instead of 522 s, at 803 MiB
   * peak RSS.
   */
  public static final int DEFAULT_LAMBDA_CONCURRENCY = 4;
  /** More in flight buys nothing and costs a shard of memory each. */
  public static final int MAX_CONCURRENCY = 256;

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
          + "it through gRPC; grpc: call a running host; lambda: invoke the Lambda functions; "
          + "inprocess: call the functions directly, no transport (a benchmark's floor) "
          + "(default: ${DEFAULT-VALUE}).")
  Target target;

  @Option(names = "--shard-bytes", paramLabel = "BYTES",
      description = "Largest request or answer per call, in the target's encoding. Default: "
          + "for grpc 4194304 (4 MiB, gRPC's default limit, which an unmodified old host keeps) "
          + "of protobuf; for embedded and inprocess " + ShardBudget.DEFAULT_OWN_HOST_BYTES
          + " (our host takes " + HostConfig.DEFAULT_MAX_INBOUND_MESSAGE_BYTES + "); for lambda 5242880 (5 MiB) of JSON, at most 6291456 (Lambda's 6 MB "
          + "limit). At least " + ShardBudget.MIN_BYTES + ".")
  Long shardBytes;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Most shards in flight at once; reading waits while that many are "
          + "outstanding, which bounds memory (default: for grpc " + DEFAULT_CONCURRENCY
          + "; for embedded and inprocess the number of cores + 1, fewer if the heap cannot "
          + "hold that many shards (about four times --shard-bytes each) beside 320 MiB for "
          + "the merged answers; for lambda " + DEFAULT_LAMBDA_CONCURRENCY + ").")
  Integer concurrency;

  @Option(names = "--fused", negatable = true,
      description = "Send each shard once, encoded straight from the file, to the host's "
          + "fused call (music.ShardAnalysisService/AnalyzeShard) instead of to MapReduce, "
          + "UserBehavior and GenreAnalysis separately. Default for embedded and grpc; "
          + "--no-fused for a host of the old contract, which lacks the call.")
  Boolean fused;

  @Option(names = "--call-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Longest wait for one call, retries included; then the run fails "
          + "(default: ${DEFAULT-VALUE}).")
  double callTimeoutSeconds;

  @Option(names = "--retries", paramLabel = "N",
      defaultValue = "" + RetryPolicy.DEFAULT_RETRIES,
      description = "Retries of a failed call after the first attempt, when the failure may "
          + "heal (see below), with exponential backoff and full jitter, all within "
          + "--call-timeout; 0 for none (default: ${DEFAULT-VALUE}, at most "
          + RetryPolicy.MAX_RETRIES + ").")
  int retries;

  @Option(names = "--retry-delay", paramLabel = "SECONDS",
      defaultValue = "" + RetryPolicy.DEFAULT_FIRST_DELAY_SECONDS,
      description = "Ceiling of the first retry's random wait; it doubles with each retry "
          + "(default: ${DEFAULT-VALUE}).")
  double retryDelaySeconds;

  @Option(names = "--retry-max-delay", paramLabel = "SECONDS",
      defaultValue = "" + RetryPolicy.DEFAULT_MAX_DELAY_SECONDS,
      description = "Largest ceiling of a retry's random wait; a server's pushback may ask "
          + "for longer (default: ${DEFAULT-VALUE}).")
  double retryMaxDelaySeconds;

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

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "--target grpc: call the host over TLS, trusting the CA certificates in "
          + "this PEM file (the host's own certificate if it is self-signed). Default: "
          + "plaintext.")
  Path tlsCa;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "--target lambda: Lambda endpoint instead of AWS's, e.g. "
          + "http://127.0.0.1:3001 for sam local start-lambda or music-analytics lambda-local.")
  URI endpointUrl;

  @Option(names = "--mapreduce-function", paramLabel = "NAME|ARN",
      description = "--target lambda: MapReduce function (default: $MAPREDUCE_FUNCTION, "
          + "else MapReduce).")
  String mapReduceFunction;

  @Option(names = "--userbehavior-function", paramLabel = "NAME|ARN",
      description = "--target lambda: UserBehavior function (default: "
          + "$USERBEHAVIOR_FUNCTION, else UserBehavior).")
  String userBehaviorFunction;

  @Option(names = "--genre-function", paramLabel = "NAME|ARN",
      description = "--target lambda: GenreAnalysis function (default: "
          + "$GENRE_ANALYSIS_FUNCTION, else GenreAnalysis).")
  String genreFunction;

  @Option(names = "--recommendation-function", paramLabel = "NAME|ARN",
      description = "--target lambda: Recommendation function (default: "
          + "$RECOMMENDATION_FUNCTION, else Recommendation).")
  String recommendationFunction;

  /** @param environment where {@code --target grpc} reads MAPREDUCE_HOST and the like */
  public RunCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    Map<Stage, HostPort> addressFlags = addressFlags();
    if (target != Target.GRPC && !addressFlags.isEmpty()) {
      throw usageError("the --*-address options apply only to --target grpc");
    }
    if (target != Target.GRPC && tlsCa != null) {
      throw usageError("--tls-ca applies only to --target grpc");
    }
    ChannelCredentials credentials = grpcCredentials();
    Map<Stage, String> functionFlags = functionFlags();
    if (target != Target.LAMBDA && (!functionFlags.isEmpty() || endpointUrl != null)) {
      throw usageError("--endpoint-url and the --*-function options apply only to "
          + "--target lambda");
    }
    if (endpointUrl != null && (endpointUrl.getHost() == null
        || !(endpointUrl.getScheme().equals("http") || endpointUrl.getScheme().equals("https")))) {
      throw usageError("--endpoint-url must be an http:// or https:// URL with a host, e.g. "
          + "http://127.0.0.1:3001, was " + endpointUrl);
    }
    if (target == Target.LAMBDA && Boolean.TRUE.equals(fused)) {
      throw usageError("--fused applies only to --target embedded and grpc: the Lambda "
          + "functions are the three separate stages");
    }
    int calls = concurrency();
    if (calls < 1 || calls > MAX_CONCURRENCY) {
      throw usageError("--concurrency must be from 1 to " + MAX_CONCURRENCY + ", was " + calls);
    }
    ShardBudget budget = shardBudget();
    Duration callTimeout = callTimeout();
    retryPolicy();
    PrintWriter out = spec.commandLine().getOut();
    ResultsFile results = new ResultsFile(resultsDirectory);
    Thread onStop = onStop(results);
    Runtime.getRuntime().addShutdownHook(onStop);
    try {
      results.prepare();
      ServiceAddresses addresses = null;
      if (target == Target.GRPC) {
        addresses = ServiceAddresses.fromEnvironment(environment).with(addressFlags);
      }
      Run run;
      InputFingerprint.Provenance provenance;
      // The input is opened first: a missing or unusable file starts nothing.
      try (OpenedInput opened = StreamCsvReader.of(strict).open(input);
          InputFingerprint fingerprint = InputFingerprint.start(input)) {
        run = switch (target) {
          case GRPC -> runGrpc(opened, addresses, budget, callTimeout, credentials);
          case EMBEDDED -> runEmbedded(opened, budget, callTimeout);
          case LAMBDA -> runLambda(opened,
              LambdaFunctions.fromEnvironment(environment).with(functionFlags), budget,
              callTimeout);
          case INPROCESS -> stream(opened, new InProcessStages(), budget);
        };
        provenance = fingerprint.finish();
      }
      InputSummary summary = run.summary();
      PipelineResult result = run.result();

      results.write(ResultsDocument.toJson(
          ResultsDocument.of(target.transport(), target.label(), summary, result, Instant.now(),
              provenance)));
      if (quiet) {
        out.println(TextReport.summaryLine(summary, result, results));
        out.flush();
      } else {
        TextReport.print(out, target.label(), summary, result, results);
      }
      return CommandLine.ExitCode.OK;
    } catch (InputException | ResultsException | StageFailedException | IOException
        | ServiceAddresses.InvalidAddressException | ShardBudgetException
        | SdkClientException e) {
      return fail(e, results);
    } catch (OutOfMemoryError e) {
      // What ran out is this run's data (shards in flight, merged summaries), which the
      // failure frees: there is room to report it and remove the results file.
      return fail(new IllegalStateException("ran out of memory (the heap limit is "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB) with up to "
          + calls + (calls == 1 ? " shard" : " shards") + " of at most " + budget.maxBytes()
          + " bytes in flight: "
          + "lower --shard-bytes or --concurrency, or raise the heap limit, e.g. "
          + "MUSIC_ANALYTICS_JAVA_OPTS=-Xmx2g", e), results);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onStop);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: it decided about the results file.
      }
    }
  }

  /**
   * The shutdown hook of a run stopped from outside (Ctrl-C, SIGTERM): it leaves no
   * results file, as a failed run does, unless the run had already written it whole.
   */
  private Thread onStop(ResultsFile results) {
    PrintWriter err = spec.commandLine().getErr();
    Thread hook = new Thread(() -> {
      if (results.abandon()) {
        err.println("music-analytics run: stopped before it finished (interrupted or "
            + "terminated); no results file at " + results.path());
        err.flush();
      }
    }, "music-analytics-run-stopped");
    return hook;
  }

  /** What a run produced: what was read, and the stages' merged answers. */
  private record Run(InputSummary summary, PipelineResult result) {}

  /**
   * Streams the input through the pipeline on {@code stages}: {@code --concurrency} shards
   * in flight, through the fused call when the stages have it and it is not turned off,
   * with a progress line on a terminal.
   */
  private Run stream(OpenedInput input, StageCalls stages, ShardBudget budget)
      throws InputException {
    return stream(input, stages, budget, false);
  }

  /**
   * As {@link #stream(OpenedInput, StageCalls, ShardBudget)}; {@code fusedCallServed}
   * when the caller knows the stages serve the fused call, so it is not asked for.
   */
  private Run stream(OpenedInput input, StageCalls stages, ShardBudget budget,
      boolean fusedCallServed) throws InputException {
    AnalyticsPipeline pipeline =
        new AnalyticsPipeline(stages, budget).withConcurrency(concurrency());
    long checkStart = System.nanoTime();
    if (stages instanceof FusedStages fusedStages && !Boolean.FALSE.equals(fused)) {
      if (fusedCallServed || fusedStages.servesFusedCall()) {
        pipeline = pipeline.withFusedStages(fusedStages);
      } else if (Boolean.TRUE.equals(fused)) {
        throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
            target.label() + " target", "the host does not serve the fused call "
                + "music.ShardAnalysisService/AnalyzeShard (a host of the old contract); "
                + "run with --no-fused to use the three services", null);
      }
      // Otherwise a host of the old contract is served the way it knows: three services.
    }
    // Only a person watching a terminal wants the line; logs and pipes get none.
    if (!quiet && System.console() != null) {
      pipeline = pipeline.withProgress(new ProgressLine(spec.commandLine().getErr()));
    }
    // The check is a call too (the first, which connects): the workflow time counts it.
    double checkSeconds = (System.nanoTime() - checkStart) / 1e9;
    try (PipelineRun run = pipeline.start()) {
      InputSummary summary = input.readUtf8Rows(run);
      return new Run(summary, run.finish().withCallsBefore(checkSeconds));
    }
  }

  /** The flag's concurrency, else the target's default. */
  private int concurrency() {
    return concurrency != null ? concurrency
        : switch (target) {
          case LAMBDA -> DEFAULT_LAMBDA_CONCURRENCY;
          case GRPC -> DEFAULT_CONCURRENCY;
          case EMBEDDED, INPROCESS -> localConcurrency(DEFAULT_LOCAL_CONCURRENCY,
              Runtime.getRuntime().maxMemory(), shardBudget().maxBytes());
        };
  }

  /**
   * The default shards in flight for a local target: {@code cores + 1}, but no more than
   * the heap holds beside {@link #MERGED_STATE_RESERVE_BYTES}, at about four times the
   * shard's bytes each (the reader's buffer, the request the host reads, its pass, the
   * answer); at least 1. With the launcher's 640 MiB (569 MiB usable with the parallel
   * collector) and 16 MiB shards that is 3: 2 cores keep their 3, and 16 cores get 3
   * instead of 17, which would need over 1 GiB.
   */
  static int localConcurrency(int coresPlusOne, long maxHeapBytes, long shardBytes) {
    long fits = (maxHeapBytes - MERGED_STATE_RESERVE_BYTES) / (4 * shardBytes);
    return (int) Math.max(1, Math.min(coresPlusOne, fits));
  }

  private CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The flag's budget, else the target's default, in the target's encoding. */
  private ShardBudget shardBudget() {
    long limit = target == Target.LAMBDA ? ShardBudget.LAMBDA_LIMIT_BYTES : Long.MAX_VALUE;
    long bytes = shardBytes != null ? shardBytes
        : target == Target.LAMBDA ? ShardBudget.DEFAULT_LAMBDA_BYTES
        : target == Target.GRPC ? ShardBudget.DEFAULT_GRPC_BYTES
        : ShardBudget.DEFAULT_OWN_HOST_BYTES;
    if (bytes < ShardBudget.MIN_BYTES || bytes > limit) {
      throw usageError("--shard-bytes must be from " + ShardBudget.MIN_BYTES + " to "
          + (target == Target.LAMBDA ? limit + " (Lambda's payload limit)" : "2^63-1")
          + ", was " + bytes);
    }
    return target == Target.LAMBDA ? ShardBudget.protoJson(bytes) : ShardBudget.protobuf(bytes);
  }

  /** The retry flags as a policy. */
  private RetryPolicy retryPolicy() {
    if (retries < 0 || retries > RetryPolicy.MAX_RETRIES) {
      throw usageError("--retries must be from 0 to " + RetryPolicy.MAX_RETRIES + ", was "
          + retries);
    }
    if (!(retryDelaySeconds >= 0) || !(retryMaxDelaySeconds >= retryDelaySeconds)
        || retryMaxDelaySeconds > Duration.ofDays(1).toSeconds()) {
      throw usageError("--retry-delay and --retry-max-delay must be 0 <= delay <= max delay "
          + "<= a day of seconds, were " + retryDelaySeconds + " and " + retryMaxDelaySeconds);
    }
    return RetryPolicy.of(retries, Duration.ofNanos((long) (retryDelaySeconds * 1e9)),
        Duration.ofNanos((long) (retryMaxDelaySeconds * 1e9)));
  }

  private Duration callTimeout() {
    if (!(callTimeoutSeconds > 0) || callTimeoutSeconds > Duration.ofDays(1).toSeconds()) {
      throw usageError("--call-timeout must be more than 0 and at most a day of seconds, was "
          + callTimeoutSeconds);
    }
    return Duration.ofNanos((long) (callTimeoutSeconds * 1e9));
  }

  /** The stages of a running host at {@code addresses}. */
  private Run runGrpc(OpenedInput input, ServiceAddresses addresses, ShardBudget budget,
      Duration callTimeout, ChannelCredentials credentials) throws InputException {
    try (GrpcStages stages = new GrpcStages(addresses,
        GrpcStages.DEFAULT_MAX_INBOUND_MESSAGE_BYTES, callTimeout, credentials)) {
      return stream(input, stages.withRetries(retryPolicy()), budget);
    }
  }

  /** The stages of a host started for this run and stopped after it. */
  private Run runEmbedded(OpenedInput input, ShardBudget budget, Duration callTimeout)
      throws IOException, InputException {
    // The host logs a line per call: noise in a report, useful when asked for.
    HostLogging.setLevel(verbose ? Level.INFO : Level.WARNING);
    if (verbose) {
      HostLogging.useOneLineConsole();
    }
    try (AnalyticsHost host = startEmbeddedHost(concurrency());
        GrpcStages stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()),
            GrpcStages.DEFAULT_MAX_INBOUND_MESSAGE_BYTES, callTimeout)) {
      // The host is this build's, which serves every call of the contract, the fused one
      // included (it does not start otherwise): asking it would cost a timed call.
      return stream(input, stages.withRetries(retryPolicy()), budget, true);
    }
  }

  /** The stages as Lambda functions. */
  private Run runLambda(OpenedInput input, LambdaFunctions functions, ShardBudget budget,
      Duration callTimeout) throws InputException {
    try (LambdaStages stages = LambdaStages.create(functions, Optional.ofNullable(endpointUrl),
        callTimeout)) {
      return stream(input, stages.withRetries(retryPolicy()), budget);
    }
  }

  private static AnalyticsHost startEmbeddedHost(int concurrency) throws IOException {
    // The embedded host serves this run alone: it must never shed the calls this run
    // keeps in flight (up to three per shard when the stages are called separately).
    CallLimits limits = CallLimits.defaults();
    int calls = Math.max(limits.maxConcurrentCalls(), 3 * concurrency + 1);
    try {
      return AnalyticsHost.start(HostConfig.ephemeral()
          .withCallLimits(new CallLimits(limits.executorThreads(), calls)));
    } catch (IOException e) {
      throw new IOException("cannot start the embedded host: " + e.getMessage(), e);
    }
  }

  /**
   * Plaintext, or with {@code --tls-ca} TLS trusting its certificates; the file is read
   * here, so a missing or unusable one is a usage error before anything starts.
   */
  private ChannelCredentials grpcCredentials() {
    if (tlsCa == null) {
      return InsecureChannelCredentials.create();
    }
    try (InputStream in = Files.newInputStream(tlsCa)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw usageError("--tls-ca " + tlsCa + " holds no PEM certificate");
      }
      return TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build();
    } catch (IOException | CertificateException e) {
      throw usageError("--tls-ca must be a readable PEM file of CA certificates, " + tlsCa
          + ": " + e);
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

  /** The function names given by flags. */
  private Map<Stage, String> functionFlags() {
    Map<Stage, String> flags = new EnumMap<>(Stage.class);
    putIfSet(flags, Stage.MAP_REDUCE, mapReduceFunction);
    putIfSet(flags, Stage.USER_BEHAVIOR, userBehaviorFunction);
    putIfSet(flags, Stage.GENRE_ANALYSIS, genreFunction);
    putIfSet(flags, Stage.RECOMMENDATION, recommendationFunction);
    return flags;
  }

  private static <T> void putIfSet(Map<Stage, T> flags, Stage stage, T value) {
    if (value != null) {
      flags.put(stage, value);
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
