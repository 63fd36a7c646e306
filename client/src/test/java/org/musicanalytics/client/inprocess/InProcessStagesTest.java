package org.musicanalytics.client.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.Stage;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
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
