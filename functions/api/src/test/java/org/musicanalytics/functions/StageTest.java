package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StageTest {

  @Test
  void shouldAnswerEveryStageWithAnRpcOfItsOwn() {
    assertThat(Stage.values()).extracting(Stage::rpc).doesNotHaveDuplicates();
    for (Stage stage : Stage.values()) {
      assertThat(stage.rpc().stages()).as(stage.name()).containsExactly(stage);
    }
    assertThat(Stage.MAP_REDUCE.rpc()).isEqualTo(StageRpc.AGGREGATE_STREAM);
    assertThat(Stage.RECOMMENDATION.rpc().functionName()).isEqualTo("recommend");
  }

  @Test
  void shouldKeepTheOldDeploymentsVariablesAndPortsInPortOrder() {
    assertThat(Stage.values()).extracting(Stage::hostVariable, Stage::portVariable)
        .containsExactly(
            tuple("MAPREDUCE_HOST", "MAPREDUCE_PORT"),
            tuple("USERBEHAVIOR_HOST", "USERBEHAVIOR_PORT"),
            tuple("GENRE_ANALYSIS_HOST", "GENRE_ANALYSIS_PORT"),
            tuple("RECOMMENDATION_HOST", "RECOMMENDATION_PORT"));
    assertThat(Stage.values()).extracting(Stage::standardPort)
        .containsExactly(50051, 50053, 50055, 50057);
  }

  @Test
  void shouldGiveEveryStageDistinctNames() {
    for (Function<Stage, Object> name : List.<Function<Stage, Object>>of(
        Stage::displayName, Stage::metricsName, Stage::hostVariable, Stage::lambdaName,
        Stage::lambdaVariable)) {
      assertThat(Arrays.stream(Stage.values()).map(name)).doesNotHaveDuplicates();
    }
  }
}
