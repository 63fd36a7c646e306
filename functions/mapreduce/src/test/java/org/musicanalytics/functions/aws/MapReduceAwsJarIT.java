package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.awsJarTests;
import static org.musicanalytics.functions.aws.LambdaTestSupport.moduleFunctions;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;

/**
 * The built {@code functions-mapreduce-*-aws.jar} against template.yaml's MapReduce and
 * GenreAnalysis functions: what the jar holds, and its answers in a fresh JVM to each of
 * their event files.
 */
class MapReduceAwsJarIT {

  @TestFactory
  Stream<DynamicTest> shouldServeTheTemplatesFunctionsFromTheBuiltJar() {
    assertThat(moduleFunctions()).extracting(TemplateFunction::logicalId)
        .containsExactly("MapReduce", "GenreAnalysis", "ShardAnalysis");
    return awsJarTests(MapReduceSampleResponses.BY_DEFINITION);
  }
}
