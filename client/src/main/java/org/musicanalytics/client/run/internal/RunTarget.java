package org.musicanalytics.client.run.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.lambda.LambdaClients;
import org.musicanalytics.client.lambda.LambdaFunctions;
import org.musicanalytics.client.lambda.LambdaStages;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.LearnedStageCalls;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.client.run.Target;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.CallLimits;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.host.metrics.HostMetrics;

/**
 * The making of a run's target from its options and environment: the embedded host
 * started on free loopback ports, gRPC channels (plaintext or TLS) to a running host,
 * Lambda clients, or the functions in process; each with the run's call timeout and
 * retries. It also sizes the default shards in flight per target.
 */
public final class RunTarget {

  /** Shards in flight by default for a running host: enough to keep its cores busy. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /**
   * Shards in flight by default where the stages run on this machine (the embedded host,
   * in process): one per core, and one more being read meanwhile. More only competes for
   * the same cores and holds more shards in memory (see the README's benchmark). Fewer
   * when the heap cannot hold that many: see {@link #localConcurrency}.
   */
  public static final int DEFAULT_LOCAL_CONCURRENCY =
      Runtime.getRuntime().availableProcessors() + 1;

  /**
   * Heap kept for the merged answers when the local default is sized: the merged state at
   * the benchmark's largest generated input, twice over while a table grows.
   */
  public static final long MERGED_STATE_RESERVE_BYTES = 320L * 1024 * 1024;

  /**
   * Shards in flight to Lambda by default. The client's own JSON work (printing each
   * request, parsing each answer) bounds a Lambda run, not the invocations, and every shard
   * in flight holds its records, its JSON and its answers: more in flight ran out of the
   * launcher's heap on the benchmark's largest input, for no gain (bench/results-lambda.md).
   */
  public static final int DEFAULT_LAMBDA_CONCURRENCY = 4;

  /**
   * Ranges in flight by default for S3 input on Lambda: the reserved concurrency of
   * template.yaml's CsvRangeAnalysis. Each call carries a reference, not rows, so the client
   * is not what limits the fan-out; more calls than the function may run at once would only
   * be throttled and retried.
   */
  public static final int DEFAULT_S3_LAMBDA_CONCURRENCY = 100;

  /**
   * Ranges in flight by default for S3 input on Lambda: {@link #DEFAULT_S3_LAMBDA_CONCURRENCY}
   * on AWS; on a loopback endpoint (lambda-local, {@code sam local start-lambda}), which
   * runs every call on this machine's cores, one per core: more only share the cores, and
   * each call in flight holds a range's counts, so a hundred on two cores ran past the
   * functions' 30 s timeout (bench/results-s3.md).
   */
  public static int defaultS3LambdaConcurrency(Optional<URI> endpoint) {
    return endpoint.isPresent() && LambdaClients.isLoopback(endpoint.get())
        ? Runtime.getRuntime().availableProcessors() : DEFAULT_S3_LAMBDA_CONCURRENCY;
  }

  private final RunOptions options;
  private final Map<String, String> environment;
  private final ServiceAddresses addresses;
  private HostMetrics embeddedHostMetrics;

  private RunTarget(RunOptions options, Map<String, String> environment,
      ServiceAddresses addresses) {
    this.options = options;
    this.environment = environment;
    this.addresses = addresses;
  }

  /**
   * Has the embedded host count its calls into {@code metrics} (null: none), so a run
   * served with {@code --metrics-port} shows the host's metrics beside its own; the other
   * targets' hosts are not this process's to measure. The caller closes the metrics.
   */
  public RunTarget withEmbeddedHostMetrics(HostMetrics metrics) {
    this.embeddedHostMetrics = metrics;
    return this;
  }

  /**
   * The target of checked {@code options}; for {@code --target grpc} the service addresses
   * are resolved now, so that a bad one fails before the input is opened.
   *
   * @throws ServiceAddresses.InvalidAddressException naming the bad variable or flag
   */
  public static RunTarget of(RunOptions options, Map<String, String> environment)
      throws ServiceAddresses.InvalidAddressException {
    TransportLogging.show(options.verbose());
    return new RunTarget(options, environment, options.target() == Target.GRPC
        ? ServiceAddresses.fromEnvironment(environment).with(options.addressFlags()) : null);
  }

  /**
   * The default shards in flight for {@code target}; {@code budget} gives the shard size
   * the local targets' default is sized by.
   */
  public static int defaultConcurrency(Target target, Supplier<ShardBudget> budget) {
    return switch (target) {
      case LAMBDA -> DEFAULT_LAMBDA_CONCURRENCY;
      case GRPC -> DEFAULT_CONCURRENCY;
      case EMBEDDED, INPROCESS -> localConcurrency(DEFAULT_LOCAL_CONCURRENCY,
          Runtime.getRuntime().maxMemory(), budget.get().maxBytes());
    };
  }

  /**
   * The default shards in flight for a local target: {@code cores + 1}, but no more than
   * the heap holds beside {@link #MERGED_STATE_RESERVE_BYTES}, at about four times the
   * shard's bytes each (the reader's buffer, the request the host reads, its pass, the
   * answer); at least 1.
   */
  static int localConcurrency(int coresPlusOne, long maxHeapBytes, long shardBytes) {
    long fits = (maxHeapBytes - MERGED_STATE_RESERVE_BYTES) / (4 * shardBytes);
    return (int) Math.max(1, Math.min(coresPlusOne, fits));
  }

  /**
   * Opens the target for the run: starts what it needs and connects.
   *
   * @throws IOException if the embedded host cannot start
   */
  public Opened open() throws IOException {
    return switch (options.target()) {
      case GRPC -> grpc();
      case EMBEDDED -> embedded();
      case LAMBDA -> lambda();
      case INPROCESS -> new Opened(new InProcessStages(), false, () -> {});
    };
  }

  /** The stages of a running host at the resolved addresses. */
  private Opened grpc() {
    GrpcStages stages = new GrpcStages(addresses, GrpcStages.DEFAULT_MAX_INBOUND_MESSAGE_BYTES,
        options.callTimeout(), options.credentials());
    return new Opened(stages.withRetries(options.retryPolicy()), false, stages::close);
  }

  /** The stages of a host started for this run and stopped after it. */
  private Opened embedded() throws IOException {
    // The host logs a line per call: noise in a report, useful when asked for.
    HostLogging.setLevel(options.verbose() ? Level.INFO : Level.WARNING);
    if (options.verbose()) {
      HostLogging.useOneLineConsole();
    }
    AnalyticsHost host = startEmbeddedHost(options.concurrency(), embeddedHostMetrics);
    GrpcStages stages;
    try {
      stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()),
          GrpcStages.DEFAULT_MAX_INBOUND_MESSAGE_BYTES, options.callTimeout());
    } catch (RuntimeException | Error e) {
      host.close();
      throw e;
    }
    // The host is this build's, which serves every call of the contract, the fused one
    // included (it does not start otherwise): asking it would cost a timed call.
    return new Opened(stages.withRetries(options.retryPolicy()), true, () -> {
      try (host) {
        stages.close();
      }
    });
  }

  /** The stages as Lambda functions. */
  private Opened lambda() {
    LambdaStages stages = LambdaStages.create(
        LambdaFunctions.fromEnvironment(environment).with(options.functionFlags()),
        options.endpointUrl(), options.callTimeout());
    stages.withShardAnalysisFunction(environment.getOrDefault(
        LambdaStages.SHARD_ANALYSIS_FUNCTION_VARIABLE, LambdaStages.SHARD_ANALYSIS_FUNCTION));
    stages.withCsvRangeFunction(environment.getOrDefault(
        LambdaStages.CSV_RANGE_FUNCTION_VARIABLE, LambdaStages.CSV_RANGE_FUNCTION));
    stages.withLearnedFunctions(
        environment.getOrDefault(LambdaStages.CO_LISTENING_FUNCTION_VARIABLE,
            LambdaStages.CO_LISTENING_FUNCTION),
        environment.getOrDefault(LambdaStages.LEARNED_RECOMMENDATION_FUNCTION_VARIABLE,
            LambdaStages.LEARNED_RECOMMENDATION_FUNCTION));
    return new Opened(stages.withRetries(options.retryPolicy()), false, stages::close);
  }

  private static AnalyticsHost startEmbeddedHost(int concurrency, HostMetrics metrics)
      throws IOException {
    // The embedded host serves this run alone: it must never shed the calls this run
    // keeps in flight (up to three per shard when the stages are called separately).
    CallLimits limits = CallLimits.defaults();
    int calls = Math.max(limits.maxConcurrentCalls(), 3 * concurrency + 1);
    try {
      return AnalyticsHost.start(HostConfig.ephemeral()
          .withCallLimits(new CallLimits(limits.executorThreads(), calls)), metrics);
    } catch (IOException e) {
      throw new IOException("cannot start the embedded host: " + e.getMessage(), e);
    }
  }

  /** A target opened for one run: its stages, until closed. */
  public final class Opened implements AutoCloseable {

    private final StageCalls stages;
    private final boolean fusedCallServed;
    private final Runnable closer;

    private Opened(StageCalls stages, boolean fusedCallServed, Runnable closer) {
      this.stages = stages;
      this.fusedCallServed = fusedCallServed;
      this.closer = closer;
    }

    /** The stages, with the run's call timeout and retries. */
    public StageCalls stages() {
      return stages;
    }

    /**
     * The learned recommender's rounds 2 and 3 on the same target, with the same call
     * timeout and retries: every target's stages serve them.
     */
    public LearnedStageCalls learnedStages() {
      return (LearnedStageCalls) stages;
    }

    /**
     * The fused call, when the stages have it and {@code --no-fused} does not turn it
     * off: a host is asked whether it serves the call unless it is known to (the embedded
     * one); a host of the old contract is served the way it knows, by the three services,
     * unless {@code --fused} insists.
     *
     * @throws StageFailedException if {@code --fused} was given and the host lacks the call,
     *     or asking fails
     */
    public Optional<FusedStages> fusedCall() {
      Boolean fused = options.fused();
      if (!(stages instanceof FusedStages fusedStages) || Boolean.FALSE.equals(fused)) {
        return Optional.empty();
      }
      if (fusedCallServed || fusedStages.servesFusedCall()) {
        return Optional.of(fusedStages);
      }
      if (Boolean.TRUE.equals(fused)) {
        throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
            options.target().label() + " target", "the host does not serve the fused call "
                + "music.ShardAnalysisService/AnalyzeShard (a host of the old contract); "
                + "run with --no-fused to use the three services", null);
      }
      return Optional.empty();
    }

    /** Closes the clients, and stops the host started for the run. */
    @Override
    public void close() {
      closer.run();
    }
  }
}
