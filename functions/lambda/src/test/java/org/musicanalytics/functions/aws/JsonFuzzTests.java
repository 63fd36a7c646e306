package org.musicanalytics.functions.aws;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.FuzzInputs;
import org.musicanalytics.functions.AnalyticsFunction;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Fuzzes the Lambda request decoding of a module's stages with seeded hostile proto3 JSON
 * ({@link JsonRequestFuzzing}): through the stage adapter as a plain invoke and as an API
 * Gateway event, and through a real {@link FunctionInvoker} per Lambda function. The seeds
 * are fixed ({@link #SEEDS}); the cases per seed are bounded and can be raised with the
 * system property {@value FuzzInputs#CASES_PROPERTY}
 * ({@code -Dtest=MapReduceJsonFuzzTest -Dfuzz.cases=5000}). Each function module extends
 * it with its stages.
 */
public abstract class JsonFuzzTests {

  private static final long[] SEEDS = {3L, 20261127L};

  /** The module's stages. */
  protected abstract List<AnalyticsFunction<?, ?>> stages();

  /** The stages the module deploys as Lambda functions (template.yaml). */
  protected abstract List<String> lambdaFunctions();

  @Test
  void shouldDecodeHostileJsonAsTheGeneratedParserInEveryStage() {
    JsonRequestFuzzing.fuzzStages(stages(), SEEDS, FuzzInputs.cases(200));
  }

  @Test
  void shouldAnswerHostileEventsThroughARealFunctionInvoker() {
    for (AnalyticsFunction<?, ?> stage : stages()) {
      if (lambdaFunctions().contains(stage.name())) {
        FunctionInvoker invoker = LambdaTestSupport.invoker(stage.name());
        JsonRequestFuzzing.fuzzInvoker(invoker, stage, SEEDS,
            Math.max(1, FuzzInputs.cases(200) / 15));
      }
    }
  }
}
