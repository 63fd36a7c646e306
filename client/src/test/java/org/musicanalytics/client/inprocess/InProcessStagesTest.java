package org.musicanalytics.client.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.mapreduce.GenreAnswer;
import org.musicanalytics.functions.mapreduce.PlayCountsAnswer;
import org.musicanalytics.functions.userbehavior.UserStatsAnswer;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/** The stages as the functions called directly. */
class InProcessStagesTest {

  private static StreamRecord play(String user) {
    return StreamRecord.newBuilder().setUserId(user).setSongId("S1").setArtist("A")
        .setDuration(100).setTimestamp("2025-11-05T10:00:00").setGenre("Rock").build();
  }

  @Test
  void shouldCallTheRegisteredFunctions() {
    StreamList plays = StreamList.newBuilder().addRecords(play("U1")).addRecords(play("U2"))
        .build();

    assertThat(new InProcessStages().aggregateStream(plays).getPlayCountsMap())
        .containsExactly(Map.entry("A - S1", 2L));
  }

  @Test
  void shouldAnswerTheFusedCallAsTheThreeStages() throws Exception {
    StreamList plays = StreamList.newBuilder().addRecords(play("U1")).addRecords(play("U2"))
        .addRecords(play("U1")).build();
    InProcessStages stages = new InProcessStages();
    byte[] encoded = plays.toByteArray();
    // A shard in the front of a bigger buffer, as the cutter hands it over.
    byte[] buffer = Arrays.copyOf(encoded, encoded.length + 7);

    MergedCounts merged = new MergedCounts();
    merged.addEncoded(stages.analyzeShard(new EncodedShard(1, 1, 3, buffer, encoded.length)));

    assertThat(stages.servesFusedCall()).isTrue();
    assertThat(merged.answer(new PlayCountsAnswer()).build())
        .isEqualTo(stages.aggregateStream(plays).toBuilder().clearProcessingTime().build());
    assertThat(merged.answer(new UserStatsAnswer()).build())
        .isEqualTo(stages.analyzeUsers(plays).toBuilder().clearProcessingTime().build());
    assertThat(merged.answer(new GenreAnswer()).build())
        .isEqualTo(stages.analyzeGenres(plays).toBuilder().clearProcessingTime().build());
    assertThat(merged.processingTime()).isPositive();
  }

  @Test
  void shouldFailTheFusedCallNamingTheRejectedField() {
    byte[] encoded = StreamList.newBuilder().addRecords(play("")).build().toByteArray();

    assertThatThrownBy(() -> new InProcessStages()
        .analyzeShard(new EncodedShard(1, 1, 1, encoded, encoded.length)))
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("(in process): INVALID_ARGUMENT: records[0].user_id");
  }

  @Test
  void shouldFailTheStageNamingTheRejectedField() {
    StreamList plays = StreamList.newBuilder().addRecords(play("U1")).addRecords(play(""))
        .build();

    assertThatThrownBy(() -> new InProcessStages().analyzeUsers(plays))
        .isInstanceOfSatisfying(StageFailedException.class, e -> {
          assertThat(e.stage()).isEqualTo(Stage.USER_BEHAVIOR);
          assertThat(e.where()).isEqualTo(InProcessStages.WHERE);
        })
        .hasMessageContaining("INVALID_ARGUMENT: records[1].user_id must not be empty");
  }

  @Test
  void shouldRefuseFunctionsWithoutEveryStage() {
    Map<String, AnalyticsFunction<?, ?>> functions = new HashMap<>(AnalyticsFunctions.load());
    functions.remove("recommend");

    assertThatThrownBy(() -> new InProcessStages(functions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'recommend'").hasMessageContaining("Recommendation");
  }
}
