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
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;

/**
 * The built {@code functions-mapreduce-*-aws.jar} in a fresh JVM, configured as
 * template.yaml configures its MapReduce and GenreAnalysis functions, on the events of
 * {@code events/}.
 */
class MapReduceAwsJarIT {

  @Test
  void shouldServeMapReduceFromTheJarTheTemplateNames() throws Exception {
    TemplateFunction function = templateFunction("aggregateStream");
    assertThat(function.logicalId()).isEqualTo("MapReduce");
    assertThat(function.codePath()).isEqualTo(shadedJar());

    JarRun run = runJar(function.codePath(), function.environment(), eventFile("aggregateStream"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    PlayCounts counts = parse(run.stdout(), PlayCounts.newBuilder());
    assertThat(counts.getPlayCountsMap()).hasSize(7)
        .containsEntry("Bruno Mars - S008", 2L)
        .containsEntry("Taylor Swift - S004", 1L);
  }

  @Test
  void shouldServeGenreAnalysisFromTheSameJar() throws Exception {
    TemplateFunction function = templateFunction("analyzeGenres");
    assertThat(function.logicalId()).isEqualTo("GenreAnalysis");
    assertThat(function.codePath()).isEqualTo(shadedJar());

    JarRun run = runJar(function.codePath(), function.environment(), eventFile("analyzeGenres"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    GenreAnalysisResponse genres = parse(run.stdout(), GenreAnalysisResponse.newBuilder());
    assertThat(genres.getTopGenresList())
        .containsExactly("Hip-Hop", "Alternative", "Funk", "Soul", "Pop", "Rock");
  }
}
