package org.musicanalytics.client.grpc;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCalls;
import org.musicanalytics.client.grpc.internal.PassThroughMarshallers;
import org.musicanalytics.client.pipeline.AnalyticsStages;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.Stage;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.host.WireBytes;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
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
 * encoded and its answer kept as bytes: no message is built or parsed on this side.
 */
public final class GrpcStages implements AnalyticsStages, FusedStages, AutoCloseable {

  /** AnalyzeShard with the request and the answer passed through as bytes. */
  private static final MethodDescriptor<EncodedShard, byte[]> ANALYZE_SHARD =
      ShardAnalysisServiceGrpc.getAnalyzeShardMethod().toBuilder(
          PassThroughMarshallers.encodedShards(), WireBytes.INSTANCE).build();

  /** Largest response accepted by default: the gRPC default of 4 MiB is too small for big runs. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;
  /** How long a call may take by default before it fails with DEADLINE_EXCEEDED. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

  private final ServiceAddresses addresses;
  private final Duration deadline;
  private final Map<HostPort, ManagedChannel> channels = new HashMap<>();
  private final Map<Stage, ManagedChannel> byStage = new EnumMap<>(Stage.class);

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

  @Override
  public PlayCounts aggregateStream(StreamList plays) {
    return call(Stage.MAP_REDUCE, channel -> withDeadline(MapReduceServiceGrpc.newBlockingStub(channel))
        .aggregateStream(plays));
  }

  @Override
  public UserStatsList analyzeUsers(StreamList plays) {
    return call(Stage.USER_BEHAVIOR, channel -> withDeadline(UserBehaviorServiceGrpc.newBlockingStub(channel))
        .analyzeUsers(plays));
  }

  @Override
  public GenreAnalysisResponse analyzeGenres(StreamList plays) {
    return call(Stage.GENRE_ANALYSIS, channel -> withDeadline(GenreAnalysisServiceGrpc.newBlockingStub(channel))
        .analyzeGenres(plays));
  }

  @Override
  public RecommendationResponse recommend(RecommendationRequest request) {
    return call(Stage.RECOMMENDATION, channel -> withDeadline(RecommendationServiceGrpc.newBlockingStub(channel))
        .recommend(request));
  }

  /** The stub with this run's per-call deadline. */
  private <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A host of the old contract answers UNIMPLEMENTED, which fails the call with a
   * message saying so.
   */
  @Override
  public byte[] analyzeShard(EncodedShard shard) {
    HostPort address = addresses.of(Stage.MAP_REDUCE);
    try {
      return ClientCalls.blockingUnaryCall(byStage.get(Stage.MAP_REDUCE), ANALYZE_SHARD,
          CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
          shard);
    } catch (StatusRuntimeException e) {
      String why = describe(e.getStatus());
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        why += " (the host at " + address + " does not serve "
            + ANALYZE_SHARD.getFullMethodName() + ": it predates the fused call; use the "
            + "three services instead)";
      }
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          "gRPC " + address, why, e);
    }
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

  private <T> T call(Stage stage, Function<ManagedChannel, T> rpc) {
    try {
      return rpc.apply(byStage.get(stage));
    } catch (StatusRuntimeException e) {
      throw new StageFailedException(
          stage, "gRPC " + addresses.of(stage), describe(e.getStatus()), e);
    }
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
    for (Throwable link = cause; link != null; link = link.getCause()) {
      if (link instanceof SSLException) {
        Throwable root = link;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        text.append(" (TLS handshake failed: ").append(root.getMessage()).append(')');
        break;
      }
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
