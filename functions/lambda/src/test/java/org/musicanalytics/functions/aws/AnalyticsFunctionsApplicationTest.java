package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyticsFunctionsApplicationTest {

  private static final Set<String> STAGES = Set.of("aggregateStream", "analyzeGenres");

  @Test
  void shouldAcceptADefinitionOfThisJarsStagesOrNone() {
    assertThatCode(() -> {
      AnalyticsFunctionsApplication.requireDefinedStages("aggregateStream", STAGES);
      AnalyticsFunctionsApplication.requireDefinedStages(null, STAGES);
      AnalyticsFunctionsApplication.requireDefinedStages(" ", STAGES);
    }).doesNotThrowAnyException();
  }

  @Test
  void shouldNameAnUnknownDefinitionAndTheStagesThereAre() {
    assertThatThrownBy(() ->
        AnalyticsFunctionsApplication.requireDefinedStages("recommend", STAGES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SPRING_CLOUD_FUNCTION_DEFINITION names 'recommend', which is not a "
            + "function of this jar; it has [aggregateStream, analyzeGenres]");
  }
}
