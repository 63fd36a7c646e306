package org.musicanalytics.client.lambda;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.musicanalytics.client.pipeline.AnswerTooLargeException;
import org.musicanalytics.client.pipeline.FusedRecordStages;
import org.musicanalytics.client.pipeline.LearnedStageCalls;
import org.musicanalytics.client.pipeline.RangeStages;
import org.musicanalytics.client.pipeline.RetryPolicy;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.client.pipeline.internal.ProtoJsonFormat;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * The stages as Lambda functions, invoked synchronously through the AWS SDK v2 with
 * proto3 JSON payloads (the functions' {@code FunctionInvoker} reads and prints the same
 * JSON).
 *
 * <p>Each failure becomes a one-line {@link StageFailedException} naming the function.
 * Invokes are retried by the {@link RetryPolicy} ({@link #withRetries}), the gRPC target's
 * policy, on throttling, Lambda's 5xx errors and failed connections; a function error
 * (a function timeout is one too) is not retried, as a pure function fails the same way on
 * the same request.
 */
public final class LambdaStages implements StageCalls, RangeStages, FusedRecordStages,
    LearnedStageCalls, AutoCloseable {

  /** Lambda's error type for an answer over its 6 MB response payload limit. */
  static final String RESPONSE_TOO_LARGE = "Function.ResponseSizeTooLarge";

  /** The fused pass's function, as template.yaml names it. */
  public static final String SHARD_ANALYSIS_FUNCTION = "ShardAnalysis";
  /** The environment variable naming that function otherwise. */
  public static final String SHARD_ANALYSIS_FUNCTION_VARIABLE = "SHARD_ANALYSIS_FUNCTION";

  /** The function reading byte ranges of S3 objects, as template.yaml names it. */
  public static final String CSV_RANGE_FUNCTION = "CsvRangeAnalysis";
  /** The environment variable naming that function otherwise. */
  public static final String CSV_RANGE_FUNCTION_VARIABLE = "CSV_RANGE_FUNCTION";

  /** Round 2 of the learned recommender's function, as template.yaml names it. */
  public static final String CO_LISTENING_FUNCTION = "CoListening";
  /** The environment variable naming that function otherwise. */
  public static final String CO_LISTENING_FUNCTION_VARIABLE = "CO_LISTENING_FUNCTION";

  /** Round 3 of the learned recommender's function, as template.yaml names it. */
  public static final String LEARNED_RECOMMENDATION_FUNCTION = "LearnedRecommendation";
  /** The environment variable naming that function otherwise. */
  public static final String LEARNED_RECOMMENDATION_FUNCTION_VARIABLE =
      "LEARNED_RECOMMENDATION_FUNCTION";

  /** The answer's field that the client asks to hold the range's counts, base64 in the JSON. */
  private static final FieldDescriptor ENCODED_COUNTS = ShardCounts.getDescriptor()
      .findFieldByNumber(ShardCounts.ENCODED_COUNTS_FIELD_NUMBER);

  /** Longest function error message quoted in a failure. */
  private static final int MAX_ERROR_CHARS = 400;

  private final LambdaClient client;
  private final LambdaFunctions functions;
  private final Optional<URI> endpoint;
  private final Duration callTimeout;
  private volatile RetryPolicy retries = RetryPolicy.defaults();
  private volatile String csvRangeFunction = CSV_RANGE_FUNCTION;
  private volatile String shardAnalysisFunction = SHARD_ANALYSIS_FUNCTION;
  private volatile String coListeningFunction = CO_LISTENING_FUNCTION;
  private volatile String learnedRecommendationFunction = LEARNED_RECOMMENDATION_FUNCTION;
  /**
   * The JSON this thread printed last, and of what. MapReduce, UserBehavior and
   * GenreAnalysis take the same shard, one after the other on one thread: it is printed
   * once, not three times (printing was most of a Lambda run's client CPU). Only the bytes
   * are kept beyond the call; the shard itself is held weakly.
   */
  private final ThreadLocal<PrintedRequest> lastPrinted = new ThreadLocal<>();

  private record PrintedRequest(WeakReference<Message> request, byte[] json) {}

  /**
   * @param client the SDK client; closed with these stages
   * @param endpoint the endpoint override the client uses, if any (for messages)
   * @param callTimeout the client's call timeout (for messages)
   */
  public LambdaStages(LambdaClient client, LambdaFunctions functions, Optional<URI> endpoint,
      Duration callTimeout) {
    this.client = client;
    this.functions = functions;
    this.endpoint = endpoint;
    this.callTimeout = callTimeout;
  }

  /** Stages on a client built by {@link LambdaClients#create}. */
  public static LambdaStages create(LambdaFunctions functions, Optional<URI> endpoint,
      Duration callTimeout) {
    return new LambdaStages(LambdaClients.create(endpoint, callTimeout), functions, endpoint,
        callTimeout);
  }

  /** These stages retrying as {@code policy} says ({@link RetryPolicy#defaults()} if never set). */
  public LambdaStages withRetries(RetryPolicy policy) {
    this.retries = policy;
    return this;
  }

  /** These stages invoking {@code function} (a name or ARN) for S3 byte ranges. */
  public LambdaStages withCsvRangeFunction(String function) {
    this.csvRangeFunction = function;
    return this;
  }

  /** These stages invoking {@code function} (a name or ARN) for the fused pass. */
  public LambdaStages withShardAnalysisFunction(String function) {
    this.shardAnalysisFunction = function;
    return this;
  }

  /**
   * These stages invoking {@code coListening} for round 2 of the learned recommender and
   * {@code learnedRecommendation} for round 3 (names or ARNs).
   */
  public LambdaStages withLearnedFunctions(String coListening, String learnedRecommendation) {
    this.coListeningFunction = coListening;
    this.learnedRecommendationFunction = learnedRecommendation;
    return this;
  }

  @Override
  public CoListeningCounts countCoListening(CoListeningRequest request) {
    return invoke(Stage.RECOMMENDATION, coListeningFunction, request,
        CoListeningCounts.newBuilder());
  }

  @Override
  public LearnedRecommendations recommendFromListening(ListeningScoreRequest request) {
    return invoke(Stage.RECOMMENDATION, learnedRecommendationFunction, request,
        LearnedRecommendations.newBuilder());
  }

  /** The fused pass over a shard: one invocation for the three record-reading stages. */
  @Override
  public ShardCounts analyzeShard(StreamList plays) {
    return invoke(Stage.MAP_REDUCE, shardAnalysisFunction, plays, ShardCounts.newBuilder());
  }

  @Override
  public String where() {
    return "Lambda function " + shardAnalysisFunction + endpoint.map(e -> " at " + e).orElse("");
  }

  @Override
  public String rangeWhere() {
    return "Lambda function " + csvRangeFunction + endpoint.map(e -> " at " + e).orElse("");
  }

  /**
   * The fused pass over a byte range of S3, which the function reads itself. Its counts
   * come back encoded ({@code encoded_counts}), not as JSON arrays: a function of an older
   * build ignores the request's flag and answers with the arrays, which merge the same.
   */
  @Override
  public ShardCounts analyzeCsvRange(CsvRangeRequest range) {
    return invoke(Stage.MAP_REDUCE, csvRangeFunction,
        range.toBuilder().setEncodedAnswer(true).build(), ShardCounts.newBuilder(),
        ENCODED_COUNTS);
  }

  @Override
  public PlayCounts aggregateStream(StreamList plays) {
    return invoke(Stage.MAP_REDUCE, plays, PlayCounts.newBuilder());
  }

  @Override
  public UserStatsList analyzeUsers(StreamList plays) {
    return invoke(Stage.USER_BEHAVIOR, plays, UserStatsList.newBuilder());
  }

  @Override
  public GenreAnalysisResponse analyzeGenres(StreamList plays) {
    return invoke(Stage.GENRE_ANALYSIS, plays, GenreAnalysisResponse.newBuilder());
  }

  @Override
  public RecommendationResponse recommend(RecommendationRequest request) {
    return invoke(Stage.RECOMMENDATION, request, RecommendationResponse.newBuilder());
  }

  @SuppressWarnings("unchecked")
  private <T extends Message> T invoke(Stage stage, Message request, Message.Builder answer) {
    return invoke(stage, functions.of(stage), request, answer);
  }

  private <T extends Message> T invoke(Stage stage, String function, Message request,
      Message.Builder answer) {
    return invoke(stage, function, request, answer, null);
  }

  /**
   * Invokes {@code function} with {@code request} and reads its answer into {@code answer};
   * a top-level bytes field {@code bytesField} (null for none) is decoded from the answer's
   * bytes in place, not through the JSON parser's strings.
   */
  @SuppressWarnings("unchecked")
  private <T extends Message> T invoke(Stage stage, String function, Message request,
      Message.Builder answer, FieldDescriptor bytesField) {
    String where = "Lambda function " + function + endpoint.map(e -> " at " + e).orElse("");
    byte[] payload = json(request);
    if (payload.length > ShardBudget.LAMBDA_LIMIT_BYTES) {
      // The shard budget keeps requests smaller: this is a bug, not bad input.
      throw new StageFailedException(stage, where, "the request takes " + payload.length
          + " bytes of JSON, over Lambda's limit of " + ShardBudget.LAMBDA_LIMIT_BYTES, null);
    }
    SdkBytes bytes = SdkBytes.fromByteArrayUnsafe(payload);
    InvokeResponse response;
    try {
      response = retries.call(callTimeout, (attempt, remaining) ->
          client.invoke(InvokeRequest.builder()
              .functionName(function)
              .invocationType(InvocationType.REQUEST_RESPONSE)
              .payload(bytes)
              .overrideConfiguration(o -> o.apiCallTimeout(remaining))
              .build()), LambdaStages::verdict);
    } catch (RetryPolicy.GaveUp e) {
      if (!(e.last() instanceof SdkException failure)) {
        throw e.last();
      }
      throw new StageFailedException(stage, where, e.describe(describe(failure, stage)), failure);
    }
    byte[] body = response.payload() == null ? new byte[0]
        : response.payload().asByteArrayUnsafe();
    if (response.functionError() != null) {
      String error = new String(body, StandardCharsets.UTF_8);
      if (error.contains(RESPONSE_TOO_LARGE)) {
        throw new AnswerTooLargeException(stage, where, "function error ("
            + response.functionError() + "): " + functionError(error));
      }
      throw new StageFailedException(stage, where, "function error ("
          + response.functionError() + "): " + functionError(error), null);
    }
    try {
      if (bytesField == null) {
        ProtoJsonFormat.PARSER.merge(new String(body, StandardCharsets.UTF_8), answer);
      } else {
        ProtoJsonFormat.mergeDecodingBytes(body, answer, bytesField);
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new StageFailedException(stage, where, "the function's answer is not the proto3 "
          + "JSON of " + answer.getDescriptorForType().getFullName() + ": "
          + oneLine(e.getMessage()), e);
    }
    return (T) answer.build();
  }

  private byte[] json(Message request) {
    PrintedRequest last = lastPrinted.get();
    if (last != null && last.request().get() == request) {
      return last.json();
    }
    byte[] json = ProtoJsonFormat.print(request).getBytes(StandardCharsets.UTF_8);
    lastPrinted.set(new PrintedRequest(new WeakReference<>(request), json));
    return json;
  }

  /**
   * Whether a failed invoke is worth another: throttling (at least its
   * {@code Retry-After} later), a 5xx service error, a failed connection.
   */
  static RetryPolicy.Verdict verdict(RuntimeException failure) {
    if (failure instanceof TooManyRequestsException throttled) {
      return RetryPolicy.Verdict.retryAfter(retryAfter(throttled.retryAfterSeconds()));
    }
    if (failure instanceof ApiCallTimeoutException
        || failure instanceof ApiCallAttemptTimeoutException) {
      return RetryPolicy.Verdict.FINAL;
    }
    if (failure instanceof AwsServiceException service) {
      return service.statusCode() == 429 || service.statusCode() >= 500
          ? RetryPolicy.Verdict.RETRY : RetryPolicy.Verdict.FINAL;
    }
    if (failure instanceof SdkClientException && failure.getCause() instanceof IOException) {
      return RetryPolicy.Verdict.RETRY;
    }
    return RetryPolicy.Verdict.FINAL;
  }

  /** Lambda's {@code Retry-After} seconds, zero if absent or unreadable. */
  private static Duration retryAfter(String seconds) {
    if (seconds == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(seconds.strip()) * 1000));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }

  /** An SDK failure in one line, with what to do about it where there is something. */
  private String describe(SdkException e, Stage stage) {
    if (e instanceof TooManyRequestsException throttled) {
      return "throttled by Lambda (TooManyRequestsException"
          + (throttled.reasonAsString() == null ? "" : ", " + throttled.reasonAsString())
          + ": " + serviceMessage(throttled) + "); try again later or raise the function's "
          + "concurrency limit";
    }
    if (e instanceof ResourceNotFoundException missing) {
      return "no such function (ResourceNotFoundException: " + serviceMessage(missing)
          + "); name it with --" + flag(stage) + " or " + stage.lambdaVariable();
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return "no answer within the call timeout of " + java.math.BigDecimal.valueOf(
          callTimeout.toNanos(), 9).stripTrailingZeros().toPlainString() + " s (--call-timeout, "
          + "which covers the call and its retries)";
    }
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? null
          : service.awsErrorDetails().errorCode();
      return (code == null ? "HTTP " + service.statusCode() : code) + ": "
          + serviceMessage(service);
    }
    return oneLine(rootMessage(e));
  }

  /** The CLI flag naming a stage's function, without dashes. */
  static String flag(Stage stage) {
    return switch (stage) {
      case MAP_REDUCE -> "mapreduce-function";
      case USER_BEHAVIOR -> "userbehavior-function";
      case GENRE_ANALYSIS -> "genre-function";
      case RECOMMENDATION -> "recommendation-function";
    };
  }

  /** Lambda's {@code {"errorType": ..., "errorMessage": ...}} as {@code type: message}. */
  static String functionError(String body) {
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (parsed.isJsonObject()) {
        JsonObject error = parsed.getAsJsonObject();
        String type = text(error, "errorType");
        String message = text(error, "errorMessage");
        if (type != null || message != null) {
          return oneLine((type == null ? "" : type + ": ")
              + (message == null ? "(no message)" : message));
        }
      }
    } catch (JsonParseException | IllegalStateException e) {
      // Not Lambda's error document: quote it as it is.
    }
    return oneLine(body.isBlank() ? "(no details)" : body);
  }

  private static String text(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value == null || value.isJsonNull() ? null
        : value.isJsonPrimitive() ? value.getAsString() : value.toString();
  }

  private static String serviceMessage(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return oneLine(message == null ? String.valueOf(e.getMessage()) : message);
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    while (cause != null && cause != e) {
      String causeMessage = cause.getMessage();
      if (causeMessage != null && (message == null || !message.contains(causeMessage))) {
        message = (message == null ? "" : message + ": ") + causeMessage;
      }
      e = cause;
      cause = cause.getCause();
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /**
   * {@code text} on one line, cut to a readable length, without the SDK's own "(SDK
   * Attempt Count: N)": its retries are off, and the run counts the attempts it makes.
   */
  static String oneLine(String text) {
    String line = String.valueOf(text).replaceAll("\\s*\\(SDK Attempt Count: \\d+\\)", "")
        .replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_ERROR_CHARS ? line
        : line.substring(0, MAX_ERROR_CHARS) + "... (" + line.length() + " characters)";
  }

  @Override
  public void close() {
    client.close();
  }
}
