package org.musicanalytics.client.inprocess;

import com.google.protobuf.Message;
import java.util.Map;
import java.util.Objects;
import org.musicanalytics.client.pipeline.AnalyticsStages;
import org.musicanalytics.client.pipeline.Stage;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.GenreAnalysisResponse;
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
 */
public class InProcessStages implements AnalyticsStages {

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
      if (!this.functions.containsKey(functionName(stage))) {
        throw new IllegalArgumentException("no function '" + functionName(stage) + "' for the "
            + stage.displayName() + " stage on the class path; found " + this.functions.keySet());
      }
    }
  }

  /** The function that serves {@code stage}: its bean name, e.g. {@code aggregateStream}. */
  public static String functionName(Stage stage) {
    return switch (stage) {
      case MAP_REDUCE -> "aggregateStream";
      case USER_BEHAVIOR -> "analyzeUsers";
      case GENRE_ANALYSIS -> "analyzeGenres";
      case RECOMMENDATION -> "recommend";
    };
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

  /**
   * Applies the stage's function; a request it rejects fails the stage, as a host's
   * {@code INVALID_ARGUMENT} does. Subclasses (tests) may observe calls here.
   */
  protected Message call(Stage stage, Message request) {
    Objects.requireNonNull(request, "request");
    try {
      return functions.get(functionName(stage)).applyUnchecked(request);
    } catch (InvalidRequestException e) {
      throw new StageFailedException(stage, WHERE, "INVALID_ARGUMENT: " + e.getMessage(), e);
    }
  }
}
