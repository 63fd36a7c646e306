package org.musicanalytics.client.run.internal;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.output.ReportFormat;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.client.output.TextReport;
import org.musicanalytics.client.pipeline.Recommender;
import org.musicanalytics.client.pipeline.RetryPolicy;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.run.Target;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.s3input.S3Clients;
import org.musicanalytics.functions.s3input.S3Location;
import org.musicanalytics.host.HostConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code music-analytics run} (a picocli mixin), and their checks: a value
 * out of range, or an option for another target, is a usage error naming the option.
 * {@link #check} runs every check before the run starts and keeps the checked values.
 */
public final class RunOptions {

  /** More in flight buys nothing and costs a shard of memory each. */
  public static final int MAX_CONCURRENCY = 256;

  /**
   * The most byte ranges in flight for S3 input on Lambda: a call holds a reference and,
   * once answered, one range's counts, not a shard of rows.
   */
  public static final int MAX_S3_LAMBDA_CONCURRENCY = 1000;

  /**
   * The bytes of CSV per range of an S3 object, by default: a function reads and counts a
   * range far inside template.yaml's 30 s timeout, and the answer of a range of the
   * benchmark's data stays under Lambda's 6 MB response limit, while fewer, larger ranges
   * leave the client fewer answers to merge (bench/results-s3.md); a range whose answer is
   * over the limit anyway is halved.
   */
  public static final long DEFAULT_S3_RANGE_BYTES = 16L << 20;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Option(names = "--input", paramLabel = "FILE", defaultValue = "data/stream_data.csv",
      description = "CSV of plays: user_id,song_id,artist,duration,timestamp[,genre] "
          + "(default: ${DEFAULT-VALUE}); - reads standard input; s3://BUCKET/KEY reads an S3 "
          + "object.")
  private String input;

  @Option(names = "--target", paramLabel = "TARGET", defaultValue = "embedded",
      description = "embedded: start a host in this process on free loopback ports and call "
          + "it through gRPC; grpc: call a running host; lambda: invoke the Lambda functions; "
          + "inprocess: call the functions directly, no transport (a benchmark's floor) "
          + "(default: ${DEFAULT-VALUE}).")
  private Target target;

  @Option(names = "--shard-bytes", paramLabel = "BYTES",
      description = "Largest request or answer per call, in the target's encoding. Default: "
          + "for grpc 4194304 (4 MiB, gRPC's default limit, which an unmodified old host keeps) "
          + "of protobuf; for embedded and inprocess " + ShardBudget.DEFAULT_OWN_HOST_BYTES
          + " (our host takes " + HostConfig.DEFAULT_MAX_INBOUND_MESSAGE_BYTES + "); for lambda "
          + "5242880 (5 MiB) of JSON, at most 6291456 (Lambda's 6 MB limit). At least "
          + ShardBudget.MIN_BYTES + ".")
  private Long shardBytes;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Most shards in flight at once; reading waits while that many are "
          + "outstanding, which bounds memory (default: for grpc "
          + RunTarget.DEFAULT_CONCURRENCY + "; for embedded and inprocess the number of cores "
          + "+ 1, fewer if the heap cannot hold that many shards (about four times "
          + "--shard-bytes each) beside " + (RunTarget.MERGED_STATE_RESERVE_BYTES >> 20)
          + " MiB for the merged answers; for lambda " + RunTarget.DEFAULT_LAMBDA_CONCURRENCY
          + ", and " + RunTarget.DEFAULT_S3_LAMBDA_CONCURRENCY + " byte ranges for S3 input, "
          + "the number of cores on a loopback --endpoint-url)."
          + " For S3 input --shard-bytes is the bytes of CSV per range (default "
          + DEFAULT_S3_RANGE_BYTES + ").")
  private Integer concurrency;

  @Option(names = "--fused", negatable = true,
      description = "Send each shard once, encoded straight from the file, to the host's "
          + "fused call (music.ShardAnalysisService/AnalyzeShard) instead of to MapReduce, "
          + "UserBehavior and GenreAnalysis separately; on lambda, one invocation of the "
          + "ShardAnalysis function per shard instead of three. The default; --no-fused for "
          + "a host of the old contract or a deployment without ShardAnalysis.")
  private Boolean fused;

  @Option(names = "--recommender", paramLabel = "NAME", defaultValue = "top-artist-filter",
      converter = RecommenderConverter.class,
      description = "Which recommender makes the per-user lists: top-artist-filter (the old "
          + "rule: the global chart minus the user's top artist) or item-knn (learned from "
          + "co-listening; the results keep its first five songs per user and add its top "
          + "10 with scores in recommendation_results.scored) (default: ${DEFAULT-VALUE}).")
  private Recommender recommender;

  @Option(names = "--call-timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Longest wait for one call, retries included; then the run fails "
          + "(default: ${DEFAULT-VALUE}).")
  private double callTimeoutSeconds;

  @Option(names = "--retries", paramLabel = "N",
      defaultValue = "" + RetryPolicy.DEFAULT_RETRIES,
      description = "Retries of a failed call after the first attempt, when the failure may "
          + "heal (see below), with exponential backoff and full jitter, all within "
          + "--call-timeout; 0 for none (default: ${DEFAULT-VALUE}, at most "
          + RetryPolicy.MAX_RETRIES + ").")
  private int retries;

  @Option(names = "--retry-delay", paramLabel = "SECONDS",
      defaultValue = "" + RetryPolicy.DEFAULT_FIRST_DELAY_SECONDS,
      description = "Ceiling of the first retry's random wait; it doubles with each retry "
          + "(default: ${DEFAULT-VALUE}).")
  private double retryDelaySeconds;

  @Option(names = "--retry-max-delay", paramLabel = "SECONDS",
      defaultValue = "" + RetryPolicy.DEFAULT_MAX_DELAY_SECONDS,
      description = "Largest ceiling of a retry's random wait; a server's pushback may ask "
          + "for longer (default: ${DEFAULT-VALUE}).")
  private double retryMaxDelaySeconds;

  @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
      description = "Directory for " + ResultsFile.FILE_NAME + ", the latest successful run's "
          + "results, and runs/<run id>/, one directory per run (default: ${DEFAULT-VALUE}).")
  private Path resultsDirectory;

  @Option(names = "--keep-runs", paramLabel = "N", defaultValue = "20",
      description = "Keep at most N completed run directories under <results>/runs, removing "
          + "the oldest (default: ${DEFAULT-VALUE}).")
  private int keepRuns;

  @Option(names = "--strict",
      description = "Fail at the first malformed row instead of skipping and counting it.")
  private boolean strict;

  @Option(names = "--quiet",
      description = "Print one summary line instead of the report (errors still go to stderr).")
  private boolean quiet;

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + TextReport.DEFAULT_TOP,
      description = "How many songs and users the report lists (default: ${DEFAULT-VALUE}; the "
          + "results file has them all).")
  private int top;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text: the report for a person; json: the results document, as in the "
          + "results file, for a script (default: ${DEFAULT-VALUE}).")
  private ReportFormat format;

  @Option(names = "--verbose",
      description = "Show the embedded host's per-call log and stack traces of failures.")
  private boolean verbose;

  @Option(names = "--mapreduce-address", paramLabel = "HOST:PORT",
      description = "--target grpc: MapReduce service address.")
  private HostPort mapReduceAddress;

  @Option(names = "--userbehavior-address", paramLabel = "HOST:PORT",
      description = "--target grpc: UserBehavior service address.")
  private HostPort userBehaviorAddress;

  @Option(names = "--genre-address", paramLabel = "HOST:PORT",
      description = "--target grpc: GenreAnalysis service address.")
  private HostPort genreAddress;

  @Option(names = "--recommendation-address", paramLabel = "HOST:PORT",
      description = "--target grpc: Recommendation service address.")
  private HostPort recommendationAddress;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "--target grpc: call the host over TLS, trusting the CA certificates in "
          + "this PEM file (the host's own certificate if it is self-signed). Default: "
          + "plaintext.")
  private Path tlsCa;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "--target lambda: Lambda endpoint instead of AWS's, e.g. "
          + "http://127.0.0.1:3001 for sam local start-lambda or music-analytics lambda-local.")
  private URI endpointUrl;

  @Option(names = "--s3-endpoint-url", paramLabel = "URL",
      description = "--input s3://...: S3 endpoint instead of AWS's (an S3-compatible server, "
          + "e.g. S3Proxy); default: AWS_ENDPOINT_URL_S3 if set.")
  private URI s3EndpointUrl;

  @Option(names = "--mapreduce-function", paramLabel = "NAME|ARN",
      description = "--target lambda: MapReduce function (default: $MAPREDUCE_FUNCTION, "
          + "else MapReduce).")
  private String mapReduceFunction;

  @Option(names = "--userbehavior-function", paramLabel = "NAME|ARN",
      description = "--target lambda: UserBehavior function (default: "
          + "$USERBEHAVIOR_FUNCTION, else UserBehavior).")
  private String userBehaviorFunction;

  @Option(names = "--genre-function", paramLabel = "NAME|ARN",
      description = "--target lambda: GenreAnalysis function (default: "
          + "$GENRE_ANALYSIS_FUNCTION, else GenreAnalysis).")
  private String genreFunction;

  @Option(names = "--recommendation-function", paramLabel = "NAME|ARN",
      description = "--target lambda: Recommendation function (default: "
          + "$RECOMMENDATION_FUNCTION, else Recommendation).")
  private String recommendationFunction;

  private ShardBudget budget;
  private int callsInFlight;
  private Duration callTimeout;
  private RetryPolicy retryPolicy;
  private ChannelCredentials credentials;

  /**
   * Checks the options together, in the order their errors are reported, and keeps the
   * checked values for the accessors below.
   *
   * @throws CommandLine.ParameterException naming the first option that is wrong
   */
  public void check() {
    if (target != Target.GRPC && !addressFlags().isEmpty()) {
      throw usageError("the --*-address options apply only to --target grpc");
    }
    if (target != Target.GRPC && tlsCa != null) {
      throw usageError("--tls-ca applies only to --target grpc");
    }
    credentials = checkTlsCa();
    if (target != Target.LAMBDA && (!functionFlags().isEmpty() || endpointUrl != null)) {
      throw usageError("--endpoint-url and the --*-function options apply only to "
          + "--target lambda");
    }
    if (endpointUrl != null && (endpointUrl.getHost() == null
        || !(endpointUrl.getScheme().equals("http") || endpointUrl.getScheme().equals("https")))) {
      throw usageError("--endpoint-url must be an http:// or https:// URL with a host, e.g. "
          + "http://127.0.0.1:3001, was " + endpointUrl);
    }
    if (s3EndpointUrl != null && s3Input().isEmpty()) {
      throw usageError("--s3-endpoint-url applies only to --input s3://BUCKET/KEY");
    }
    if (isS3()) {
      try {
        S3Location.parse(input);
      } catch (IllegalArgumentException e) {
        throw usageError("--input: " + e.getMessage());
      }
    }
    if (recommender == Recommender.ITEM_KNN && Boolean.FALSE.equals(fused)) {
      throw usageError("--recommender item-knn learns from the listening the fused call "
          + "counts: it cannot run with --no-fused");
    }
    if (top < 1) {
      throw usageError("--top must be at least 1, was " + top);
    }
    if (keepRuns < 1) {
      throw usageError("--keep-runs must be at least 1, was " + keepRuns);
    }
    callsInFlight = concurrency != null ? concurrency
        : isS3() && target == Target.LAMBDA
            ? RunTarget.defaultS3LambdaConcurrency(Optional.ofNullable(endpointUrl))
        : RunTarget.defaultConcurrency(target, this::checkShardBudget);
    int maxInFlight = isS3() && target == Target.LAMBDA ? MAX_S3_LAMBDA_CONCURRENCY
        : MAX_CONCURRENCY;
    if (callsInFlight < 1 || callsInFlight > maxInFlight) {
      throw usageError("--concurrency must be from 1 to " + maxInFlight + ", was "
          + callsInFlight);
    }
    budget = checkShardBudget();
    callTimeout = checkCallTimeout();
    retryPolicy = checkRetries();
  }

  /** The recommender that makes the per-user lists. */
  public Recommender recommender() {
    return recommender;
  }

  /** Reads {@code --recommender} by its model name. */
  static final class RecommenderConverter implements CommandLine.ITypeConverter<Recommender> {
    @Override
    public Recommender convert(String value) {
      try {
        return Recommender.named(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** The target the stages run on. */
  public Target target() {
    return target;
  }

  /** The stream CSV to read, when it is a file (see {@link #s3Input}). */
  public Path input() {
    return Path.of(input);
  }

  /** The input as given: a file, {@code -} or {@code s3://BUCKET/KEY}. */
  public String inputName() {
    return input;
  }

  /** The S3 object to read, when {@code --input} names one. */
  public Optional<S3Location> s3Input() {
    return isS3() ? Optional.of(S3Location.parse(input)) : Optional.empty();
  }

  /** The S3 endpoint: {@code --s3-endpoint-url}, else {@code AWS_ENDPOINT_URL_S3}, else AWS's. */
  public Optional<URI> s3EndpointUrl() {
    return s3EndpointUrl != null ? Optional.of(s3EndpointUrl)
        : S3Clients.endpointFromEnvironment();
  }

  /**
   * For S3 input, the bytes of CSV per range: {@code --shard-bytes}, else
   * {@value #DEFAULT_S3_RANGE_BYTES}.
   */
  public long rangeBytes() {
    return shardBytes != null ? shardBytes : DEFAULT_S3_RANGE_BYTES;
  }

  private boolean isS3() {
    return S3Location.isS3(input);
  }

  /** How many songs and users the report lists. */
  public int top() {
    return top;
  }

  /** What standard output gets: the report or the results document. */
  public ReportFormat format() {
    return format;
  }

  /** Whether {@code --input -} asks for standard input. */
  public boolean readsStandardInput() {
    return input.equals("-");
  }

  /** How many completed run directories to keep. */
  public int keepRuns() {
    return keepRuns;
  }

  /** Whether a malformed row fails the run instead of being skipped and counted. */
  public boolean strict() {
    return strict;
  }

  /** Whether to print one summary line instead of the report. */
  public boolean quiet() {
    return quiet;
  }

  /** Whether to show the embedded host's per-call log and stack traces of failures. */
  public boolean verbose() {
    return verbose;
  }

  /** Where the results file goes. */
  public Path resultsDirectory() {
    return resultsDirectory;
  }

  /** {@code --fused} or {@code --no-fused}; {@code null} for the target's default. */
  public Boolean fused() {
    return fused;
  }

  /** The checked shard budget: the flag's, else the target's default. */
  public ShardBudget budget() {
    return budget;
  }

  /** The checked shards in flight: the flag's, else the target's default. */
  public int concurrency() {
    return callsInFlight;
  }

  /** The checked deadline of one call, retries included. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** The checked retry flags as a policy. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The gRPC channel credentials: plaintext, or TLS trusting {@code --tls-ca}. */
  public ChannelCredentials credentials() {
    return credentials;
  }

  /** The Lambda endpoint instead of AWS's, if given. */
  public Optional<URI> endpointUrl() {
    return Optional.ofNullable(endpointUrl);
  }

  /** The service addresses given by flags. */
  public Map<Stage, HostPort> addressFlags() {
    Map<Stage, HostPort> flags = new EnumMap<>(Stage.class);
    putIfSet(flags, Stage.MAP_REDUCE, mapReduceAddress);
    putIfSet(flags, Stage.USER_BEHAVIOR, userBehaviorAddress);
    putIfSet(flags, Stage.GENRE_ANALYSIS, genreAddress);
    putIfSet(flags, Stage.RECOMMENDATION, recommendationAddress);
    return flags;
  }

  /** The function names given by flags. */
  public Map<Stage, String> functionFlags() {
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

  private CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }

  /** The flag's budget, else the target's default, in the target's encoding. */
  private ShardBudget checkShardBudget() {
    long limit = target == Target.LAMBDA ? ShardBudget.LAMBDA_LIMIT_BYTES : Long.MAX_VALUE;
    // For S3 input --shard-bytes sizes the byte ranges; the calls keep the target's budget.
    long bytes = shardBytes != null && !isS3() ? shardBytes
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
  private RetryPolicy checkRetries() {
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

  private Duration checkCallTimeout() {
    if (!(callTimeoutSeconds > 0) || callTimeoutSeconds > Duration.ofDays(1).toSeconds()) {
      throw usageError("--call-timeout must be more than 0 and at most a day of seconds, was "
          + callTimeoutSeconds);
    }
    return Duration.ofNanos((long) (callTimeoutSeconds * 1e9));
  }

  /**
   * Plaintext, or with {@code --tls-ca} TLS trusting its certificates; the file is read
   * here, so a missing or unusable one is a usage error before anything starts.
   */
  private ChannelCredentials checkTlsCa() {
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
}
