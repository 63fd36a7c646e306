package org.musicanalytics.lambdalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.lambdalocal.SamTemplate.FunctionSpec;
import org.musicanalytics.lambdalocal.SamTemplate.TemplateException;

class SamTemplateTest {

  @TempDir
  Path directory;

  @Test
  void shouldReadTheRepositoryTemplateWithItsGlobals() {
    SamTemplate template = RealFunctions.template();

    assertThat(template.functions()).containsOnlyKeys("MapReduce", "UserBehavior",
        "Recommendation", "GenreAnalysis", "CoListening", "LearnedRecommendation",
        "ShardAnalysis", "CsvRangeAnalysis");
    Path repository = RealFunctions.repository();
    FunctionSpec genres = template.functions().get("GenreAnalysis");
    assertThat(genres.codeUri()).isEqualTo(repository.resolve(
        "functions/mapreduce/target/functions-mapreduce-0.1.0-SNAPSHOT-aws.jar"));
    assertThat(genres.handler())
        .isEqualTo("org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
    assertThat(genres.handlerClass())
        .isEqualTo("org.springframework.cloud.function.adapter.aws.FunctionInvoker");
    assertThat(genres.environment())
        .containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", "analyzeGenres")
        .containsEntry("MAIN_CLASS",
            "org.musicanalytics.functions.aws.AnalyticsFunctionsApplication");
    assertThat(template.functions().values())
        .extracting(f -> f.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION"))
        .containsExactlyInAnyOrder("aggregateStream", "analyzeUsers", "recommend",
            "analyzeGenres", "countCoListening", "recommendFromListening", "analyzeShard",
            "analyzeCsvRange");
    assertThat(genres.timeoutSeconds()).isPositive();
  }

  @Test
  void shouldMergeGlobalsAndAcceptShortFormTagsOutsideWhatItUses() throws Exception {
    SamTemplate template = SamTemplate.read(ScriptedFunctions.write(directory));

    assertThat(template.functions()).containsOnlyKeys("Echo", "Failing", "Slow", "Huge",
        "BrokenInit", "ResetsLogging");
    FunctionSpec slow = template.functions().get("Slow");
    assertThat(slow.timeoutSeconds()).isEqualTo(1);
    assertThat(slow.memoryMb()).isEqualTo(SamTemplate.DEFAULT_MEMORY_MB);
    assertThat(slow.codeUri()).isEqualTo(directory.resolve("scripted.jar").toAbsolutePath());
    assertThat(slow.environment()).containsEntry("MAIN_CLASS", "not.used.Main")
        .containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", "sleep:5000");
    assertThat(template.functions().get("Echo").timeoutSeconds()).isEqualTo(20);
    assertThat(template.functions().get("Echo").functionName())
        .isEqualTo(Optional.of("echo-function"));
    assertThat(template.functions().get("Failing").functionName()).isEmpty();
  }

  @Test
  void shouldNameASettingWrittenAsAnExpression() throws Exception {
    Path file = Files.writeString(directory.resolve("template.yaml"), """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: h.Handler::handleRequest
              CodeUri: !Sub "${Bucket}/code.jar"
        """);

    assertThatThrownBy(() -> SamTemplate.read(file))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + ": Resources.Fn.Properties.CodeUri is !Sub ${Bucket}/code.jar, "
            + "which cannot be resolved locally; write it as a plain value");
  }

  @Test
  void shouldNameAMissingSetting() throws Exception {
    Path file = Files.writeString(directory.resolve("template.yaml"), """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: code.jar
        """);

    assertThatThrownBy(() -> SamTemplate.read(file))
        .isInstanceOf(TemplateException.class)
        .hasMessage(file + ": Resources.Fn.Properties.Handler is missing (and not in "
            + "Globals.Function)");
  }

  @Test
  void shouldReportMissingAndMalformedTemplates() throws Exception {
    Path missing = directory.resolve("nothing.yaml");
    assertThatThrownBy(() -> SamTemplate.read(missing))
        .hasMessage("template not found: " + missing);

    Path broken = Files.writeString(directory.resolve("broken.yaml"), "Resources: [\n");
    assertThatThrownBy(() -> SamTemplate.read(broken))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(broken + " is not valid YAML: ");
  }
}
