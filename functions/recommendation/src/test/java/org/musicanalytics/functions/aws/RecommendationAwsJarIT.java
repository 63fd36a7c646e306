package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.eventFile;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;
import static org.musicanalytics.functions.aws.LambdaTestSupport.runJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.shadedJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunction;

import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaTestSupport.JarRun;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;
import org.musicanalytics.proto.RecommendationResponse;

/**
 * The built {@code functions-recommendation-*-aws.jar} in a fresh JVM, configured as
 * template.yaml configures Recommendation, on {@code events/recommend.json}.
 */
class RecommendationAwsJarIT {

  @Test
  void shouldServeRecommendationFromTheJarTheTemplateNames() throws Exception {
    TemplateFunction function = templateFunction("recommend");
    assertThat(function.logicalId()).isEqualTo("Recommendation");
    assertThat(function.codePath()).isEqualTo(shadedJar());

    JarRun run = runJar(function.codePath(), function.environment(), eventFile("recommend"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    RecommendationResponse response = parse(run.stdout(), RecommendationResponse.newBuilder());
    assertThat(response.getTrendingSongsList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006",
        "Drake - S010");
    assertThat(response.getRecommendationsOrThrow("U002").getValuesList()).containsExactly(
        "Adele - S005", "Bruno Mars - S008", "Drake - S006", "Drake - S010",
        "Imagine Dragons - S002");
  }
}
