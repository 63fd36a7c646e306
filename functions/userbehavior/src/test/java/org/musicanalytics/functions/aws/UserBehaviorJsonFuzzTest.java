package org.musicanalytics.functions.aws;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.FuzzInputs;
import org.musicanalytics.functions.userbehavior.UserBehaviorFunctions;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Fuzzes the Lambda request decoding of this module's stages with seeded hostile proto3
 * JSON ({@link JsonRequestFuzzing}): through the stage adapter as a plain invoke and as an
 * API Gateway event, and through a real {@link FunctionInvoker} per Lambda function. The
 * seeds are fixed ({@link #SEEDS}); the cases per seed are bounded and can be raised with
 * the system property {@value FuzzInputs#CASES_PROPERTY}
 * ({@code -Dtest=UserBehaviorJsonFuzzTest -Dfuzz.cases=5000}).
 */
class UserBehaviorJsonFuzzTest {

  private static final long[] SEEDS = {3L, 20261127L};

  /** The stages this module deploys as Lambda functions (template.yaml). */
  private static final List<String> LAMBDA_FUNCTIONS = List.of("analyzeUsers");

  private static final List<AnalyticsFunction<?, ?>> STAGES =
      new UserBehaviorFunctions().functions();

  @Test
  void shouldDecodeHostileJsonAsTheGeneratedParserInEveryStage() {
    JsonRequestFuzzing.fuzzStages(STAGES, SEEDS, FuzzInputs.cases(200));
  }

  @Test
  void shouldAnswerHostileEventsThroughARealFunctionInvoker() {
    for (AnalyticsFunction<?, ?> stage : STAGES) {
      if (LAMBDA_FUNCTIONS.contains(stage.name())) {
        FunctionInvoker invoker = LambdaTestSupport.invoker(stage.name());
        JsonRequestFuzzing.fuzzInvoker(invoker, stage, SEEDS,
            Math.max(1, FuzzInputs.cases(200) / 15));
      }
    }
  }
}
