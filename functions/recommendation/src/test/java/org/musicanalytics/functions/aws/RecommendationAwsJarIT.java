package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.awsJarTests;
import static org.musicanalytics.functions.aws.LambdaTestSupport.moduleFunctions;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;

/**
 * The built {@code functions-recommendation-*-aws.jar} against template.yaml's functions
 * that run it (Recommendation and the learned recommender's rounds): what the jar holds, and
 * its answers in a fresh JVM to each of their event files.
 */
class RecommendationAwsJarIT {

  @TestFactory
  Stream<DynamicTest> shouldServeTheTemplatesFunctionFromTheBuiltJar() {
    assertThat(moduleFunctions()).extracting(TemplateFunction::logicalId)
        .containsExactly("Recommendation", "CoListening", "LearnedRecommendation");
    return awsJarTests(RecommendationSampleResponses.BY_DEFINITION);
  }
}
