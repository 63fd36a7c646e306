package org.musicanalytics.client.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.CallTimes;
import org.musicanalytics.client.pipeline.LearnedRecommender;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.history.RunRecord;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.UserRecommendations;
import org.musicanalytics.proto.UserStatsList;

/**
 * The recommendations in the results document: the model named, the old five-per-user
 * shape kept (and so the history's record of it), the learned top N added.
 */
class ResultsDocumentTest {

  private static final RecommendationResponse OLD_RULE = RecommendationResponse.newBuilder()
      .addTrendingSongs("A - S1").putRecommendations("U1", SongKeys.newBuilder()
          .addValues("A - S1").addValues("A - S2").build())
      .build();

  private static PipelineResult oldRule() {
    Map<Stage, CallTimes> times = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      times.put(stage, new CallTimes(1, 1, 1));
    }
    return new PipelineResult(PlayCounts.getDefaultInstance(), UserStatsList.getDefaultInstance(),
        GenreAnalysisResponse.getDefaultInstance(), OLD_RULE, times, CallTimes.NONE, 0, 2.0, 1,
        1);
  }

  private static JsonObject recommendationResults(PipelineResult result) {
    return document(result).getAsJsonObject("recommendation_results");
  }

  private static JsonObject document(PipelineResult result) {
    return JsonParser.parseString(json(result)).getAsJsonObject();
  }

  private static String json(PipelineResult result) {
    return ResultsDocument.toJson(ResultsDocument.of("run-1", "grpc", "embedded",
        new InputSummary(Path.of("plays.csv"), 3, 0, List.of()), result, Instant.EPOCH,
        new InputFingerprint.Provenance(Path.of("plays.csv"), Optional.empty())));
  }

  @Test
  void shouldNameTheOldRuleAndKeepItsLists() {
    JsonObject results = recommendationResults(oldRule());
    assertThat(results.get("model").getAsString()).isEqualTo("top-artist-filter");
    assertThat(results.getAsJsonObject("recommendations").getAsJsonArray("U1"))
        .hasSize(2);
    assertThat(results.has("scored")).isFalse();
    assertThat(document(oldRule()).getAsJsonObject("performance").has("learned_rounds"))
        .isFalse();
  }

  @Test
  void shouldKeepTheFirstFiveLearnedSongsInTheOldShapeAndAddTheScoredTopN() {
    UserRecommendations.Builder u1 = UserRecommendations.newBuilder().setUserId("U1")
        .setSource("item-knn");
    for (int i = 0; i < 10; i++) {
      u1.addSongs(ScoredSong.newBuilder().setKey("B - S" + i).setScore(10 - i)
          .setBecause("A - S1"));
    }
    UserRecommendations u2 = UserRecommendations.newBuilder().setUserId("U2")
        .setSource("recent-popularity")
        .addSongs(ScoredSong.newBuilder().setKey("A - S1").setScore(3)).build();
    LearnedRecommender.Result learned = new LearnedRecommender.Result(List.of(u1.build(), u2),
        2, new CallTimes(0.5, 0.75, 4), new CallTimes(0.25, 0.25, 2), 1, 12);
    PipelineResult result = oldRule().withLearned(learned, 1.0);

    JsonObject results = recommendationResults(result);
    assertThat(results.get("model").getAsString()).isEqualTo("item-knn");
    assertThat(results.getAsJsonArray("trending_songs").get(0).getAsString())
        .isEqualTo("A - S1");
    JsonObject lists = results.getAsJsonObject("recommendations");
    assertThat(lists.getAsJsonArray("U1")).extracting(e -> e.getAsString())
        .containsExactly("B - S0", "B - S1", "B - S2", "B - S3", "B - S4");
    assertThat(lists.getAsJsonArray("U2")).extracting(e -> e.getAsString())
        .containsExactly("A - S1");
    JsonObject u1Scored = results.getAsJsonObject("scored").getAsJsonObject("U1");
    assertThat(u1Scored.get("source").getAsString()).isEqualTo("item-knn");
    JsonArray songs = u1Scored.getAsJsonArray("songs");
    assertThat(songs).hasSize(10);
    assertThat(songs.get(9).getAsJsonObject().get("song").getAsString()).isEqualTo("B - S9");
    assertThat(songs.get(9).getAsJsonObject().get("score").getAsDouble()).isEqualTo(1);
    assertThat(songs.get(9).getAsJsonObject().get("because").getAsString())
        .isEqualTo("A - S1");
    JsonObject performance = document(result).getAsJsonObject("performance");
    assertThat(performance.get("total_workflow_time").getAsDouble()).isEqualTo(3.0);
    assertThat(performance.getAsJsonObject("learned_rounds").get("song_buckets").getAsInt())
        .isEqualTo(2);

    // The run history reads the five-per-user lists, as from the old rule.
    RunRecord record = RunRecord.fromResults(json(result));
    assertThat(record.recommendations()).containsEntry("U1",
        List.of("B - S0", "B - S1", "B - S2", "B - S3", "B - S4"))
        .containsEntry("U2", List.of("A - S1"));
  }
}
