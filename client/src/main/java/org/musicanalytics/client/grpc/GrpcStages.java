package org.musicanalytics.client.grpc;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.SSLException;
import org.musicanalytics.client.grpc.internal.PassThroughMarshallers;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.LearnedStageCalls;
import org.musicanalytics.client.pipeline.RetryPolicy;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.host.WireBytes;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.LearnedRecommendationServiceGrpc;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.RecommendationServiceGrpc;
import org.musicanalytics.proto.ShardAnalysisServiceGrpc;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserBehaviorServiceGrpc;
import org.musicanalytics.proto.UserStatsList;

/**
 * The stages as gRPC services, called through channels (plaintext, or TLS with the
 * credentials given), one per distinct address. Closing shuts the channels down.
 *
 * <p>The fused call {@code music.ShardAnalysisService/AnalyzeShard} goes to the MapReduce
 * address (a host serves every service on every port) with the shard's bytes as they were
 * encoded and its answer kept as bytes: no message is built or parsed on this side. Calls
 * are retried by the {@link RetryPolicy} ({@link #withRetries}) on {@code UNAVAILABLE} and
 * on a {@code RESOURCE_EXHAUSTED} that carries {@value #PUSHBACK_HEADER}; the README's
 * "Retries and deadlines" says why nothing else is.
 */
public final class GrpcStages implements StageCalls, FusedStages, LearnedStageCalls,
    AutoCloseable {

  /** AnalyzeShard with the request and the answer passed through as bytes. */
  private static final MethodDescriptor<EncodedShard, byte[]> ANALYZE_SHARD =
      ShardAnalysisServiceGrpc.getAnalyzeShardMethod().toBuilder(
          PassThroughMarshallers.encodedShards(), WireBytes.INSTANCE).build();

  /** Largest response accepted by default: the gRPC default of 4 MiB is too small for big runs. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;
  /** How long a call may take by default before it fails with DEADLINE_EXCEEDED. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
  /** The trailer with which a host asks for a wait before a retry, in milliseconds. */
  public static final String PUSHBACK_HEADER = "grpc-retry-pushback-ms";

  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of(PUSHBACK_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final ServiceAddresses addresses;
  private final Duration deadline;
  private final boolean plaintext;
  private final Map<HostPort, ManagedChannel> channels = new HashMap<>();
  private final Map<Stage, ManagedChannel> byStage = new EnumMap<>(Stage.class);
  private volatile RetryPolicy retries = RetryPolicy.defaults();

  /**
   * Opens a channel to every distinct address and starts connecting. An unreachable
   * service shows up as a failed call of its stage.
   */
  public GrpcStages(ServiceAddresses addresses, int maxInboundMessageBytes, Duration deadline) {
    this(addresses, maxInboundMessageBytes, deadline, InsecureChannelCredentials.create());
  }

  /**
   * As {@link #GrpcStages(ServiceAddresses, int, Duration)}, through channels with
   * {@code credentials}, e.g. {@code TlsChannelCredentials} trusting the host's CA.
   */
  public GrpcStages(ServiceAddresses addresses, int maxInboundMessageBytes, Duration deadline,
      ChannelCredentials credentials) {
    this.addresses = addresses;
    this.deadline = deadline;
    this.plaintext = credentials instanceof InsecureChannelCredentials;
    for (Stage stage : Stage.values()) {
      HostPort endpoint = addresses.of(stage);
      byStage.put(stage, channels.computeIfAbsent(endpoint, e ->
          Grpc.newChannelBuilderForAddress(e.host(), e.port(), credentials)
              .maxInboundMessageSize(maxInboundMessageBytes)
              .build()));
    }
    // Start connecting now rather than inside the first, timed call.
    channels.values().forEach(channel -> channel.getState(true));
  }

  /** Stages at {@code addresses} with the default message limit and deadline. */
  public GrpcStages(ServiceAddresses addresses) {
    this(addresses, DEFAULT_MAX_INBOUND_MESSAGE_BYTES, DEFAULT_DEADLINE);
  }

  /** These stages retrying as {@code policy} says ({@link RetryPolicy#defaults()} if never set). */
  public GrpcStages withRetries(RetryPolicy policy) {
    this.retries = policy;
    return this;
  }

  @Override
  public PlayCounts aggregateStream(StreamList plays) {
    return call(Stage.MAP_REDUCE, Stage.MAP_REDUCE.displayName(), (channel, deadline) ->
        MapReduceServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
            .aggregateStream(plays));
  }

  @Override
  public UserStatsList analyzeUsers(StreamList plays) {
    return call(Stage.USER_BEHAVIOR, Stage.USER_BEHAVIOR.displayName(), (channel, deadline) ->
        UserBehaviorServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
            .analyzeUsers(plays));
  }

  @Override
  public GenreAnalysisResponse analyzeGenres(StreamList plays) {
    return call(Stage.GENRE_ANALYSIS, Stage.GENRE_ANALYSIS.displayName(), (channel, deadline) ->
        GenreAnalysisServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
            .analyzeGenres(plays));
  }

  @Override
  public RecommendationResponse recommend(RecommendationRequest request) {
    return call(Stage.RECOMMENDATION, Stage.RECOMMENDATION.displayName(), (channel, deadline) ->
        RecommendationServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
            .recommend(request));
  }

  /** {@inheritDoc} Sent to the Recommendation address, as the learned rounds serve it. */
  @Override
  public CoListeningCounts countCoListening(CoListeningRequest request) {
    return call(Stage.RECOMMENDATION, Stage.RECOMMENDATION.displayName(), (channel, deadline) ->
        LearnedRecommendationServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
            .countCoListening(request));
  }

  /** {@inheritDoc} Sent to the Recommendation address, as the learned rounds serve it. */
  @Override
  public LearnedRecommendations recommendFromListening(ListeningScoreRequest request) {
    return call(Stage.RECOMMENDATION, Stage.RECOMMENDATION.displayName(), (channel, deadline) ->
        LearnedRecommendationServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
            .recommendFromListening(request));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A host of the old contract answers UNIMPLEMENTED, which fails the call with a
   * message saying so.
   */
  @Override
  public byte[] analyzeShard(EncodedShard shard) {
    return call(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS, (channel, deadline) ->
        ClientCalls.blockingUnaryCall(channel, ANALYZE_SHARD,
            CallOptions.DEFAULT.withDeadline(deadline), shard));
  }

  @Override
  public String where() {
    return "gRPC " + addresses.of(Stage.MAP_REDUCE);
  }

  /** Asks with an empty shard, whose answer is the empty summary. */
  @Override
  public boolean servesFusedCall() {
    try {
      analyzeShard(new EncodedShard(0, 1, 0, new byte[0], 0));
      return true;
    } catch (StageFailedException e) {
      if (e.getCause() instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return false;
      }
      throw e.onShard("asking for the fused call, before the first shard");
    }
  }

  /**
   * One call of {@code stage}'s service, named {@code label} in failures: attempts within
   * the call timeout, each with what is left of it as its deadline, retried as the policy
   * says.
   */
  private <T> T call(Stage stage, String label, BiFunction<ManagedChannel, Deadline, T> rpc) {
    ManagedChannel channel = byStage.get(stage);
    try {
      return retries.call(deadline, (attempt, remaining) -> {
        if (attempt > 1) {
          // Reconnect now rather than after the channel's own, longer backoff.
          channel.resetConnectBackoff();
        }
        return rpc.apply(channel, Deadline.after(remaining.toNanos(), TimeUnit.NANOSECONDS));
      }, GrpcStages::verdict);
    } catch (RetryPolicy.GaveUp e) {
      if (!(e.last() instanceof StatusRuntimeException failure)) {
        throw e.last();
      }
      HostPort address = addresses.of(stage);
      String why = hint(address, failure.getStatus()).orElseGet(() ->
          describe(failure.getStatus()));
      Status.Code code = failure.getStatus().getCode();
      if (code == Status.Code.UNIMPLEMENTED && label.equals(StageFailedException.SHARD_ANALYSIS)) {
        why += " (the host at " + address + " does not serve "
            + ANALYZE_SHARD.getFullMethodName() + ": it predates the fused call; use the "
            + "three services instead)";
      } else if (code == Status.Code.DEADLINE_EXCEEDED) {
        why += " (the call timeout of " + seconds(deadline) + " s, --call-timeout, covers the "
            + "call and its retries)";
      }
      throw new StageFailedException(stage, label, "gRPC " + address, e.describe(why), failure);
    }
  }

  /**
   * Whether a failed attempt is worth another: {@code UNAVAILABLE}; an {@code UNKNOWN}
   * that is a connection closed under the call (grpc-netty reports a write to a closed
   * channel so, where a closed connection is otherwise {@code UNAVAILABLE}; the contract's
   * calls are pure functions, so sending one again is safe); and a load-shedding
   * {@code RESOURCE_EXHAUSTED}: one with {@value #PUSHBACK_HEADER}, whose wait is the
   * least before the retry (gRPC says a negative or unreadable one means no retry).
   */
  static RetryPolicy.Verdict verdict(RuntimeException failure) {
    if (!(failure instanceof StatusRuntimeException e)) {
      return RetryPolicy.Verdict.FINAL;
    }
    return switch (e.getStatus().getCode()) {
      // A TLS handshake that failed (an untrusted certificate, say) fails the same again.
      case UNAVAILABLE -> causedByTls(e.getStatus().getCause()) ? RetryPolicy.Verdict.FINAL
          : RetryPolicy.Verdict.RETRY;
      case UNKNOWN -> closedChannel(e.getStatus()) ? RetryPolicy.Verdict.RETRY
          : RetryPolicy.Verdict.FINAL;
      case RESOURCE_EXHAUSTED -> {
        String pushback = e.getTrailers() == null ? null : e.getTrailers().get(PUSHBACK);
        if (pushback == null) {
          yield RetryPolicy.Verdict.FINAL;
        }
        try {
          long millis = Long.parseLong(pushback.strip());
          yield millis < 0 ? RetryPolicy.Verdict.FINAL
              : RetryPolicy.Verdict.retryAfter(Duration.ofMillis(millis));
        } catch (NumberFormatException notANumber) {
          yield RetryPolicy.Verdict.FINAL;
        }
      }
      default -> RetryPolicy.Verdict.FINAL;
    };
  }

  private static boolean closedChannel(Status status) {
    if ("channel closed".equals(status.getDescription())) {
      return true;
    }
    for (Throwable link = status.getCause(); link != null; link = link.getCause()) {
      if (link instanceof ClosedChannelException) {
        return true;
      }
      if (link.getCause() == link) {
        break;
      }
    }
    return false;
  }

  private static boolean causedByTls(Throwable cause) {
    return sslCause(cause) != null;
  }

  /** The first {@link SSLException} in the cause chain, or null. */
  private static SSLException sslCause(Throwable cause) {
    for (Throwable link = cause; link != null; link = link.getCause()) {
      if (link instanceof SSLException ssl) {
        return ssl;
      }
      if (link.getCause() == link) {
        break;
      }
    }
    return null;
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  /**
   * What a person can do about the usual connection failures, in words without gRPC's or
   * Netty's class names: no host there, an unknown host name, a TLS host called in
   * plaintext, a host whose certificate is not trusted.
   */
  private Optional<String> hint(HostPort address, Status status) {
    if (status.getCode() != Status.Code.UNAVAILABLE) {
      return Optional.empty();
    }
    Throwable cause = status.getCause();
    if (inChain(cause, UnknownHostException.class)) {
      return Optional.of("the host name of " + address + " does not resolve: check the "
          + "address (the --*-address options, or MAPREDUCE_HOST and the like)");
    }
    if (inChain(cause, ConnectException.class)) {
      return Optional.of("no host at " + address + " (connection refused): start one with "
          + "`./music-analytics host`, or use the default embedded target");
    }
    SSLException ssl = sslCause(cause);
    if (ssl != null) {
      Throwable root = ssl;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return Optional.of("the host at " + address + " is not trusted (TLS handshake failed: "
          + String.valueOf(root.getMessage()).lines().findFirst().orElse("")
          + "): pass --tls-ca with the CA that signed its certificate");
    }
    if (plaintext && closedByPeer(status)) {
      return Optional.of("the host at " + address + " speaks TLS (it closed the plaintext "
          + "connection): pass --tls-ca");
    }
    return Optional.empty();
  }

  /**
   * Whether the host ended the connection before any answer: a TLS host that reads a
   * plaintext HTTP/2 preface closes it, and whether the client then sees a clean close or a
   * reset depends on whether the preface was still unread in the host's socket when it did.
   */
  private static boolean closedByPeer(Status status) {
    if (String.valueOf(status.getDescription()).contains("Network closed")) {
      return true;
    }
    for (Throwable link = status.getCause(); link != null; link = link.getCause()) {
      if (link instanceof IOException
          && String.valueOf(link.getMessage()).contains("Connection reset")) {
        return true;
      }
      if (link.getCause() == link) {
        break;
      }
    }
    return false;
  }

  private static boolean inChain(Throwable cause, Class<? extends Throwable> type) {
    for (Throwable link = cause; link != null; link = link.getCause()) {
      if (type.isInstance(link)) {
        return true;
      }
      if (link.getCause() == link) {
        break;
      }
    }
    return false;
  }

  /** The status, its description and the transport's reason, e.g. why a connect failed. */
  private static String describe(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().toString());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    Throwable cause = status.getCause();
    if (cause != null && cause.getMessage() != null
        && !String.valueOf(status.getDescription()).contains(cause.getMessage())) {
      text.append(": ").append(cause.getMessage());
    }
    // A TLS failure's reason is at the bottom of the chain ("General OpenSslEngine problem"
    // on top), e.g. "unable to find valid certification path" for an untrusted host.
    SSLException ssl = sslCause(cause);
    if (ssl != null) {
      Throwable root = ssl;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      text.append(" (TLS handshake failed: ").append(root.getMessage()).append(')');
    }
    return text.toString();
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels.values()) {
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
