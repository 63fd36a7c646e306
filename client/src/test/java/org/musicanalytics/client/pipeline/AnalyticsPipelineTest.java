package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStatsList;

/** The orchestration, over the real stage functions called in process. */
class AnalyticsPipelineTest {

  /** The real functions, called directly, recording what each received. */
  private static final class InProcessStages implements AnalyticsStages {
    final Map<String, AnalyticsFunction<?, ?>> functions = AnalyticsFunctions.load();
    final List<String> calls = new ArrayList<>();
    RecommendationRequest recommendationRequest;
    String failing;

    private Object call(String name, com.google.protobuf.Message request) {
      calls.add(name);
      if (name.equals(failing)) {
        throw new StageFailedException(Stage.USER_BEHAVIOR, "in process", "boom", null);
      }
      return functions.get(name).applyUnchecked(request);
    }

    @Override
    public PlayCounts aggregateStream(StreamList plays) {
      return (PlayCounts) call("aggregateStream", plays);
    }

    @Override
    public UserStatsList analyzeUsers(StreamList plays) {
      return (UserStatsList) call("analyzeUsers", plays);
    }

    @Override
    public GenreAnalysisResponse analyzeGenres(StreamList plays) {
      return (GenreAnalysisResponse) call("analyzeGenres", plays);
    }

    @Override
    public RecommendationResponse recommend(RecommendationRequest request) {
      recommendationRequest = request;
      return (RecommendationResponse) call("recommend", request);
    }
  }

  private static final StreamList PLAYS = StreamList.newBuilder()
      .addRecords(play("U1", "S1", "A", 100, "Rock"))
      .addRecords(play("U1", "S2", "B", 50, "Pop"))
      .addRecords(play("U2", "S2", "B", 70, "Pop"))
      .build();

  private static StreamRecord play(String user, String song, String artist, int duration,
      String genre) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist(artist)
        .setDuration(duration).setTimestamp("2025-11-05T10:00:00").setGenre(genre).build();
  }

  @Test
  void shouldCallStagesInOrderAndRecommendFromTheirAnswers() {
    InProcessStages stages = new InProcessStages();

    PipelineResult result = new AnalyticsPipeline(stages).run(PLAYS);

    assertThat(stages.calls)
        .containsExactly("aggregateStream", "analyzeUsers", "analyzeGenres", "recommend");
    assertThat(stages.recommendationRequest.getPlayCounts()).isEqualTo(result.playCounts());
    assertThat(stages.recommendationRequest.getUserStats()).isEqualTo(result.userStats());
    assertThat(result.playCounts().getPlayCountsMap()).containsEntry("B - S2", 2L);
    assertThat(result.genres().getTopGenresList()).containsExactly("Pop", "Rock");
    assertThat(result.recommendations().getTrendingSongsList()).containsExactly("B - S2", "A - S1");
  }

  @Test
  void shouldTimeEveryCallWithinTheTotal() {
    PipelineResult result = new AnalyticsPipeline(new InProcessStages()).run(PLAYS);

    assertThat(result.callSeconds()).containsOnlyKeys(Stage.values());
    double sum = result.callSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(result.callSeconds().values()).allSatisfy(s -> assertThat(s).isPositive());
    assertThat(result.totalSeconds()).isGreaterThanOrEqualTo(sum);
    for (Stage stage : Stage.values()) {
      assertThat(result.processingSeconds(stage)).as(stage.name()).isPositive();
    }
  }

  @Test
  void shouldStopAtAFailedStage() {
    InProcessStages stages = new InProcessStages();
    stages.failing = "analyzeUsers";

    assertThatThrownBy(() -> new AnalyticsPipeline(stages).run(PLAYS))
        .isInstanceOf(StageFailedException.class)
        .hasMessage("UserBehavior stage failed (in process): boom");
    assertThat(stages.calls).containsExactly("aggregateStream", "analyzeUsers");
  }
}
