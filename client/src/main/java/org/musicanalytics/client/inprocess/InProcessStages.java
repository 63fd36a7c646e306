package org.musicanalytics.client.inprocess;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.LearnedStageCalls;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.functions.WireFunction;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserStatsList;

/**
 * The stages as the analytics functions themselves, called directly in this process: no
 * transport, no encoding. {@code run --target inprocess} drives them through the same
 * {@link org.musicanalytics.client.pipeline.AnalyticsPipeline} as every other target, which
 * makes it the floor a transport's cost is measured against.
 *
 * <p>The fused call is the {@code analyzeShard} function's wire form applied to the shard's
 * bytes, as the gRPC host applies it, so the floor runs the same fast path minus the
 * transport.
 */
public class InProcessStages implements StageCalls, FusedStages, LearnedStageCalls {

  /** How a failed call names where it ran. */
  public static final String WHERE = "in process";

  private final Map<String, AnalyticsFunction<?, ?>> functions;

  /** The functions registered on the class path ({@link AnalyticsFunctions#load()}). */
  public InProcessStages() {
    this(AnalyticsFunctions.load());
  }

  /**
   * @param functions the stage functions by name ({@code aggregateStream}, ...)
   * @throws IllegalArgumentException if a stage has no function
   */
  public InProcessStages(Map<String, AnalyticsFunction<?, ?>> functions) {
    this.functions = Map.copyOf(functions);
    for (Stage stage : Stage.values()) {
      String name = stage.rpc().functionName();
      if (!this.functions.containsKey(name)) {
        throw new IllegalArgumentException("no function '" + name + "' for the "
            + stage.displayName() + " stage on the class path; found " + this.functions.keySet());
      }
    }
  }

  @Override
  public PlayCounts aggregateStream(StreamList plays) {
    return (PlayCounts) call(Stage.MAP_REDUCE, plays);
  }

  @Override
  public UserStatsList analyzeUsers(StreamList plays) {
    return (UserStatsList) call(Stage.USER_BEHAVIOR, plays);
  }

  @Override
  public GenreAnalysisResponse analyzeGenres(StreamList plays) {
    return (GenreAnalysisResponse) call(Stage.GENRE_ANALYSIS, plays);
  }

  @Override
  public RecommendationResponse recommend(RecommendationRequest request) {
    return (RecommendationResponse) call(Stage.RECOMMENDATION, request);
  }

  @Override
  public CoListeningCounts countCoListening(CoListeningRequest request) {
    return (CoListeningCounts) call(StageRpc.COUNT_CO_LISTENING, request);
  }

  @Override
  public LearnedRecommendations recommendFromListening(ListeningScoreRequest request) {
    return (LearnedRecommendations) call(StageRpc.RECOMMEND_FROM_LISTENING, request);
  }

  /** {@inheritDoc} The wire form answers with the encoded summary, as the host sends it. */
  @Override
  public byte[] analyzeShard(EncodedShard shard) {
    WireFunction wireForm = functions.get(StageRpc.ANALYZE_SHARD.functionName()).wireForm();
    // The wire form looks strings up in a whole array.
    byte[] request = shard.length() == shard.bytes().length ? shard.bytes()
        : Arrays.copyOf(shard.bytes(), shard.length());
    try {
      return wireForm.apply(request);
    } catch (InvalidRequestException | InvalidProtocolBufferException e) {
      String why = (e instanceof InvalidRequestException ? "INVALID_ARGUMENT: "
          : "the shard is not a StreamList: ") + e.getMessage();
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          WHERE, why, e);
    }
  }

  @Override
  public String where() {
    return WHERE;
  }

  /** Whether {@code analyzeShard} with a wire form is on the class path. */
  @Override
  public boolean servesFusedCall() {
    AnalyticsFunction<?, ?> fused = functions.get(StageRpc.ANALYZE_SHARD.functionName());
    return fused != null && fused.wireForm() != null;
  }

  /**
   * Applies the stage's function; a request it rejects fails the stage, as a host's
   * {@code INVALID_ARGUMENT} does. Subclasses (tests) may observe calls here.
   */
  protected Message call(Stage stage, Message request) {
    return call(stage.rpc(), request);
  }

  /** Applies the rpc's function, failing as {@link #call(Stage, Message)} does. */
  protected Message call(StageRpc rpc, Message request) {
    Objects.requireNonNull(request, "request");
    Stage stage = rpc.stages().get(0);
    AnalyticsFunction<?, ?> function = functions.get(rpc.functionName());
    if (function == null) {
      throw new StageFailedException(stage, WHERE, "no function '" + rpc.functionName()
          + "' for " + rpc.fullMethodName() + " on the class path", null);
    }
    try {
      return function.applyUnchecked(request);
    } catch (InvalidRequestException e) {
      throw new StageFailedException(stage, WHERE, "INVALID_ARGUMENT: " + e.getMessage(), e);
    }
  }
}
